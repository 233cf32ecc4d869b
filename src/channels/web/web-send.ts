import { randomUUID } from 'node:crypto';
import type { TranscriptEntry } from '../../core/transcript.js';
import { textDirection } from '../../core/i18n.js';
import { isLanguage, type ChannelAdapter, type ChannelCapabilities, type OutboundMessage } from '../../core/types.js';
import type { Store } from '../../store/store.js';

/**
 * A message as the web chat shows it. Every message of a conversation (bot replies, agent
 * replies, notices) is pushed on its event stream with an `id`, so a client that also reads the
 * HTTP answers can drop what it has seen. Events travel through the store's pub/sub, so an agent
 * reply sent by another process arrives.
 */
export interface WebChatMessage {
  id: string;
  text: string;
  /** History items carry titles only: answer them by sending the title as text. */
  choices?: Array<{ title: string; value?: string }>;
  dir: 'ltr' | 'rtl';
  lang: string;
  from: 'bot' | 'agent' | 'customer';
  agentName?: string;
  /** `typing`: an agent is writing (shown for a few seconds, never a message). */
  kind?: 'handoff' | 'typing';
  event?: string;
  /** When it was written (ISO 8601). */
  at?: string;
  /** On a message whose choices are the current question: send it back with the chosen value. */
  step?: string;
  /** A file the customer sent (shown by name; the bytes go to the ticket only). */
  attachment?: { kind: string; name?: string };
}

export const eventsChannel = (conversationId: string) => `web:events:${conversationId}`;

export function toWebMessages(messages: OutboundMessage[], now = new Date()): WebChatMessage[] {
  return messages.map(({ reply, dir, language, author, prompt }) => {
    const base = {
      id: randomUUID(),
      at: now.toISOString(),
      ...(prompt ? { step: prompt } : {}),
      dir,
      lang: language,
      from: author.kind,
      ...(author.kind === 'agent' ? { agentName: author.name } : {}),
    } as const;
    if (reply.type === 'text') return { ...base, text: reply.text, ...(reply.choices ? { choices: reply.choices } : {}) };
    if (reply.type === 'handoff') return { ...base, text: reply.text, kind: 'handoff', event: reply.event };
    return { ...base, text: reply.text ?? reply.media.caption ?? reply.media.url ?? '' };
  });
}

/** The stored transcript as web chat messages (ids are positions in the transcript). */
export function transcriptToWebMessages(entries: TranscriptEntry[]): WebChatMessage[] {
  return entries.map((entry, index) => {
    const language = isLanguage(entry.language) ? entry.language : 'en';
    const base = { id: `h${index}`, text: entry.text, dir: textDirection(language), lang: language, at: entry.at };
    if (entry.from === 'customer') {
      const media = entry.media ? { attachment: { kind: entry.media.kind, ...(entry.media.fileName ? { name: entry.media.fileName } : {}) } } : {};
      return { ...base, from: 'customer', ...media };
    }
    if (entry.from === 'agent') return { ...base, from: 'agent', ...(entry.author ? { agentName: entry.author } : {}) };
    if (entry.from === 'system') return { ...base, from: 'bot', kind: 'handoff' };
    return { ...base, from: 'bot', ...(entry.choices ? { choices: entry.choices.map((title) => ({ title })) } : {}) };
  });
}

/** Push messages on the conversation's event stream (every open tab, any process). */
export async function publishWebMessages(store: Store, conversationId: string, messages: WebChatMessage[]): Promise<void> {
  for (const message of messages) await store.publish(eventsChannel(conversationId), JSON.stringify(message));
}

/** The web chat's adapter: buttons and media, sends by publishing on the event stream. */
export function createWebAdapter(store: Store, maxTextLength: number, now: () => Date = () => new Date()): ChannelAdapter {
  const capabilities: ChannelCapabilities = { choices: true, media: true, maxTextLength, proactive: true };
  return {
    name: 'web',
    capabilities,
    send: (target, messages) => publishWebMessages(store, target.conversationId, toWebMessages(messages, now())),
    // An agent is writing: a sign on the event stream, not a message (never in the transcript).
    typing: (target, author) =>
      publishWebMessages(store, target.conversationId, [{ id: randomUUID(), text: '', dir: 'ltr', lang: 'en', from: 'agent', agentName: author.name, kind: 'typing' }]),
  };
}
