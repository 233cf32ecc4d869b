import type { Store } from '../store/store.js';
import { decodeTranscriptEntry, encodeTranscriptEntry, type TranscriptEntry } from './stored-forms.js';
import type { ConversationState, InboundMessage, OutboundMessage } from './types.js';

export type { TranscriptEntry } from './stored-forms.js';

/** Tagged like the state (`conv:{key}`, see conversation-core.ts), so both live in one Redis Cluster slot. */
export const transcriptKeyOf = (key: string) => `transcript:{${key}}`;

export interface TranscriptOptions {
  /** Entries kept per conversation (oldest dropped). */
  maxLength: number;
  /** How long a transcript lives after its last entry (the conversation TTL). */
  ttlMs: number;
  /** Customer text longer than this is cut, as the turn cuts it. */
  maxMessageLength: number;
}

/**
 * A conversation's transcript: what the customer, the bot and agents said, capped and expiring
 * with the conversation. The core appends to it (atomically with the state at the end of a turn,
 * see `ConversationCore`); the console and the handoff read it through here, never by its key.
 */
/** What dialogs and the handoff read of a transcript (`ctx.services.transcript`). */
export interface TranscriptReader {
  /** The last `n` entries of conversation `key`, oldest first. */
  tail(key: string, n: number): Promise<TranscriptEntry[]>;
}

export class Transcript implements TranscriptReader {
  constructor(
    private readonly store: Store,
    readonly options: TranscriptOptions,
  ) {}

  /** The whole transcript, oldest first. */
  async all(key: string): Promise<TranscriptEntry[]> {
    return (await this.store.listRange(transcriptKeyOf(key), 0, -1)).map(decodeTranscriptEntry);
  }

  /** The last `n` entries, oldest first. */
  async tail(key: string, n: number): Promise<TranscriptEntry[]> {
    if (n <= 0) return [];
    return (await this.store.listRange(transcriptKeyOf(key), -n, -1)).map(decodeTranscriptEntry);
  }

  async append(key: string, entries: TranscriptEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.store.listPush(transcriptKeyOf(key), entries.map(encodeTranscriptEntry), this.options.maxLength, this.options.ttlMs);
  }

  /** How a customer's message reads in the transcript. */
  inboundEntry(message: InboundMessage, state: Pick<ConversationState, 'language'>, now: Date): TranscriptEntry {
    const content = message.content;
    const text =
      content.type === 'text' ? content.text.slice(0, this.options.maxMessageLength)
      : content.type === 'choice' ? (content.text ?? content.value)
      : content.type === 'media' ? (content.text ?? content.media.caption ?? '')
      : `[${content.platformType}]`;
    return {
      at: (message.receivedAt ?? now).toISOString(),
      from: 'customer',
      text,
      language: state.language,
      ...(content.type === 'media' ? { media: content.media } : {}),
    };
  }

  /** How a bot reply, notice or agent reply reads in the transcript. */
  outboundEntry(message: OutboundMessage, now: Date): TranscriptEntry {
    const reply = message.reply;
    return {
      at: now.toISOString(),
      from: message.author.kind === 'agent' ? 'agent' : reply.type === 'handoff' ? 'system' : 'bot',
      ...(message.author.kind === 'agent' ? { author: message.author.name } : {}),
      text: reply.type === 'media' ? (reply.text ?? '') : reply.text,
      language: message.language,
      ...(reply.type === 'text' && reply.choices ? { choices: reply.choices.map((choice) => choice.title) } : {}),
      ...(message.translation ? { original: message.translation.original, model: message.translation.model } : {}),
    };
  }
}
