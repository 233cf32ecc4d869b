import { LockCareError, TurnError } from '../errors.js';
import { conversationLogRef, type Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { isStaleAnswer, promptIdOf } from './prompt-id.js';
import { appliesIn, findCommands, runCommands } from './commands.js';
import { systemClock, type Clock, type Dialog, type Feature, type FeatureServices, type GlobalCommand, type HandoffService, type Services } from './dialog.js';
import { textDirection, type Translator } from './i18n.js';
import { chooseConversationLanguage } from './language.js';
import type { LanguageModel } from './language-model.js';
import { newConversationState, turnInputOf } from './turn-input.js';
import { createTurnContext, ROOT_DIALOG } from './turn-context.js';
import { KeyedQueue } from './keyed-queue.js';
import { decodeState, encodeState, encodeTranscriptEntry } from './stored-forms.js';
import { Outbox } from './outbox.js';
import { isPermanentSendFailure, retryTargetOf, SendRetryQueue, type RetryItem } from './send-retry.js';
import { Transcript, transcriptKeyOf, type TranscriptEntry } from './transcript.js';
import {
  conversationKey,
  type ChannelAdapter,
  type ChannelName,
  type ConversationState,
  type ConversationTarget,
  type InboundMessage,
  type OutboundMessage,
  type Reply,
} from './types.js';

export type { TranscriptEntry } from './transcript.js';

export interface TurnResult {
  /** True when this platform message id was already handled: nothing ran, nothing is sent. */
  duplicate: boolean;
  outbound: OutboundMessage[];
  state?: ConversationState;
  /** True when the turn failed and `outbound` holds only the apology (the message will be retried). */
  failed?: boolean;
}

export interface CoreOptions {
  store: Store;
  logger: Logger;
  translator: Translator;
  clock?: Clock;
  features: Feature[];
  handoff: HandoffService;
  /** The services features contribute (faq, warranty, tickets, ...). */
  services?: Partial<FeatureServices>;
  /** Which language a Latin-script message is in, beyond word lists (see language-model.ts). */
  languageModel?: LanguageModel | undefined;
  stateTtlMs?: number;
  dedupeTtlMs?: number;
  maxMessageLength?: number;
  transcriptMaxLength?: number;
  /** Failed sends are retried (OUTBOUND_RETRY_POLL_MS, OUTBOUND_RETRY_HOURS). Defaults 2 s and 24 h. */
  retry?: { pollMs: number; expireMs: number };
}

const MAX_CAS_ATTEMPTS = 20;
/** How long a message's dedupe claim lasts while its turn runs (see runTurn). */
const PROCESSING_LEASE_MS = 60_000;

/**
 * A conversation's keys carry its key as a Redis Cluster hash tag (`conv:{web:abc}`), so the
 * state, transcript and dedupe claims of one conversation live in one slot and a turn's
 * multi-key scripts work on a cluster (`transcriptKeyOf` is in transcript.ts).
 * https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags
 */
export const stateKeyOf = (key: string) => `conv:{${key}}`;
export const dedupeKeyOf = (key: string, platformMessageId: string) => `dedupe:{${key}}:${platformMessageId}`;

/**
 * The conversation core: one turn = dedupe → serialize per conversation → load state →
 * language → handoff router → commands / dialogs → save (compare-and-set) → replies.
 * It knows no platform; adapters hand it `InboundMessage`s and send what it returns.
 */
export class ConversationCore {
  readonly services: Services;
  private readonly dialogs = new Map<string, Dialog>();
  private readonly commands: GlobalCommand[] = [];
  /** Channels whose conversations open with another dialog than the main menu (`Feature.channelRoots`). */
  private readonly channelRoots = new Map<ChannelName, string>();
  private readonly adapters = new Map<ChannelName, ChannelAdapter>();
  private readonly queue = new KeyedQueue();
  private readonly clock: Clock;
  private readonly stateTtlMs: number;
  private readonly dedupeTtlMs: number;
  private readonly maxMessageLength: number;
  /** Every send outside a turn goes through `outbox.deliver` (see `deliver`). */
  readonly outbox: Outbox;
  /** Conversation transcripts (`tail(n)` for the handoff, `all` for the console and web history). */
  readonly transcripts: Transcript;
  /** Replies a channel could not take when they were sent, retried from the store. */
  readonly retries: SendRetryQueue;

  constructor(private readonly options: CoreOptions) {
    this.outbox = new Outbox(options.store, options.logger, (channel) => this.adapters.get(channel), (target, messages, error, id) =>
      this.sendLater(target, messages, error, { id: `outbox:${id}` }),
    );
    this.clock = options.clock ?? systemClock;
    this.retries = new SendRetryQueue({
      store: options.store,
      logger: options.logger,
      clock: this.clock,
      send: (item) => this.sendQueued(item),
      channels: () => [...this.adapters.keys()],
      pollMs: options.retry?.pollMs ?? 2000,
      expireMs: options.retry?.expireMs ?? 24 * 3_600_000,
    });
    this.stateTtlMs = options.stateTtlMs ?? 30 * 86_400_000;
    this.dedupeTtlMs = options.dedupeTtlMs ?? 48 * 3_600_000;
    this.maxMessageLength = options.maxMessageLength ?? 4000;
    this.transcripts = new Transcript(options.store, {
      maxLength: options.transcriptMaxLength ?? 500,
      ttlMs: this.stateTtlMs,
      maxMessageLength: this.maxMessageLength,
    });
    this.services = {
      store: options.store,
      logger: options.logger,
      translator: options.translator,
      clock: this.clock,
      handoff: options.handoff,
      dialogs: this.dialogs,
      transcript: this.transcripts,
      ...options.services,
    };
    for (const feature of options.features) {
      for (const dialog of feature.dialogs ?? []) this.dialogs.set(dialog.id, dialog);
      this.commands.push(...(feature.commands ?? []));
      for (const [channel, dialogId] of Object.entries(feature.channelRoots ?? {})) this.channelRoots.set(channel as ChannelName, dialogId);
    }
    this.commands.sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    if (!this.dialogs.has(ROOT_DIALOG)) throw new LockCareError('E_CONFIG', `No "${ROOT_DIALOG}" dialog registered`);
    for (const [channel, dialogId] of this.channelRoots) {
      if (!this.dialogs.has(dialogId)) throw new LockCareError('E_CONFIG', `No "${dialogId}" dialog registered (the ${channel} channel opens with it)`);
    }
  }

  private afterTurn(state: ConversationState, message: InboundMessage): void {
    for (const feature of this.options.features) {
      feature.afterTurn?.(state, message).catch((error: unknown) => this.options.logger.error({ err: error, feature: feature.name }, 'after-turn work failed'));
    }
  }

  hasDialog(id: string): boolean {
    return this.dialogs.has(id);
  }

  registerChannel(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.name, adapter);
  }

  channel(name: ChannelName): ChannelAdapter | undefined {
    return this.adapters.get(name);
  }

  /** Run one inbound message through the pipeline. Never throws for a failed dialog: the user gets an apology. */
  async handle(message: InboundMessage): Promise<TurnResult> {
    const key = conversationKey(message.channel, message.conversationId);
    return this.queue.run(key, () => this.runTurn(key, message));
  }

  private async runTurn(key: string, message: InboundMessage): Promise<TurnResult> {
    const { store, logger } = this.options;
    // Message ids are only unique within a conversation on some channels (the web chat's
    // clientMessageId is chosen by the client), so the claim names the conversation too. It is
    // taken with a short processing lease and kept for the dedupe period only once the turn is
    // saved, so a process that dies mid-turn does not turn the platform's retry into a "duplicate".
    const dedupeKey = dedupeKeyOf(key, message.platformMessageId);
    const stateKey = stateKeyOf(key);
    const { claimed, current: first } = await store.claimAndGetVersioned(dedupeKey, PROCESSING_LEASE_MS, stateKey);
    if (!claimed) {
      logger.debug({ conversation: conversationLogRef(key), platformMessageId: message.platformMessageId }, 'duplicate message dropped');
      return { duplicate: true, outbound: [] };
    }

    let current = first;
    try {
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
        const now = this.clock.now();
        const state = current ? decodeState(current.value, key) : newConversationState(message, now);
        const replies = await this.runDialogs(state, message, now);
        state.updatedAt = now.toISOString();
        const outbound = this.toOutbound(replies, state);
        // A turn with no text (a channel opening the conversation with a greeting) records only the replies.
        const silent = message.content.type === 'text' && message.content.text === '';
        const transcript = [...(silent ? [] : [this.transcripts.inboundEntry(message, state, now)]), ...outbound.map((item) => this.transcripts.outboundEntry(item, now))];
        const saved = await store.compareAndSetWithAppend(stateKey, current?.version ?? null, encodeState(state), {
          ttlMs: this.stateTtlMs,
          append: { listKey: transcriptKeyOf(key), items: transcript.map(encodeTranscriptEntry), maxLength: this.transcripts.options.maxLength },
          claim: { key: dedupeKey, ttlMs: this.dedupeTtlMs },
        });
        if (saved !== null) {
          this.afterTurn(state, message);
          return { duplicate: false, outbound, state };
        }
        // Another process wrote this conversation first: run the turn again on its state.
        current = await store.getVersioned(stateKey);
      }
      throw new LockCareError('E_CONFLICT', `Could not save conversation after ${MAX_CAS_ATTEMPTS} attempts`);
    } catch (error) {
      const failure = new TurnError(key, error);
      logger.error({ err: error, conversation: conversationLogRef(key), code: failure.code }, 'turn failed');
      // Let the platform's retry (or the user's resend) run it again, and keep the message.
      await store.delete(dedupeKey).catch(() => undefined);
      const language = current ? decodeState(current.value, key).language : 'en';
      const apology: OutboundMessage = {
        reply: { type: 'text', text: this.options.translator.t(language, 'common.turnFailed') },
        language,
        dir: textDirection(language),
        author: { kind: 'bot' },
      };
      await this.transcripts.append(key, [this.transcripts.inboundEntry(message, { language }, this.clock.now())]).catch(() => undefined);
      return { duplicate: false, outbound: [apology], failed: true };
    }
  }

  private async runDialogs(state: ConversationState, message: InboundMessage, now: Date): Promise<Reply[]> {
    if (message.reference) state.reference = message.reference;
    if (message.user.name) state.user.name = message.user.name;
    if (message.user.phone) state.user.phone = message.user.phone;
    if (message.user.email) state.user.email = message.user.email;
    if (message.timeZone) state.user.timeZone = message.timeZone;
    if (message.content.type === 'choice' && isStaleAnswer(state, message.content.prompt)) {
      // An answer to a question that is no longer the current one: apply nothing.
      this.options.logger.debug({ conversation: conversationLogRef(state.key) }, 'answer to an earlier question ignored');
      return [];
    }

    const input = turnInputOf(message, state, this.maxMessageLength);
    // A file's caption or an e-mail's text says which language the customer writes in too.
    if (input.kind === 'text' || (input.kind === 'media' && input.text.trim())) {
      const next = chooseConversationLanguage({ language: state.language, source: state.languageSource }, input.text, this.options.languageModel);
      state.language = next.language;
      state.languageSource = next.source;
    }
    const offered = state.lastChoices;
    delete state.lastChoices;

    const rootDialog = this.channelRoots.get(state.channel) ?? ROOT_DIALOG;
    const ctx = createTurnContext({ state, message, input, services: this.services, dialogs: this.dialogs, now, offered, rootDialog });

    if (input.kind === 'unsupported') {
      ctx.sayKey('common.unsupported');
      if (offered) state.lastChoices = offered;
      return ctx.replies;
    }

    const handedOff = state.mode !== 'bot';
    const candidates = input.kind === 'text' ? findCommands(this.commands, input.text, this.options.translator).filter((command) => appliesIn(command, handedOff)) : [];
    await runCommands(candidates, ctx, async () => {
      if (handedOff) return this.services.handoff.handleWhileHandedOff(ctx);
      if (input.kind === 'media') return ctx.escalate({ reason: 'media' });
      if (input.kind === 'choice') state.misunderstood = 0;
      const frame = ctx.frame;
      if (!frame) await ctx.begin(rootDialog, {});
      else await this.dialogs.get(frame.id)!.continue(ctx);
    });
    return ctx.replies;
  }

  private toOutbound(replies: Reply[], state: ConversationState): OutboundMessage[] {
    // Hashed only when a reply offers the choices waiting for an answer.
    const offers = (reply: Reply) => reply.type === 'text' && reply.choices !== undefined && reply.choices === state.lastChoices;
    const prompt = replies.some(offers) ? promptIdOf(state) : undefined;
    return replies.map((reply) => ({
      reply,
      language: state.language,
      dir: textDirection(state.language),
      author: { kind: 'bot' },
      ...(prompt && offers(reply) ? { prompt } : {}),
    }));
  }

  /** Read a conversation's state (null when unknown or expired). */
  async getState(key: string): Promise<ConversationState | null> {
    const raw = await this.options.store.get(stateKeyOf(key));
    return raw ? decodeState(raw, key) : null;
  }

  /**
   * Change a conversation's state outside a turn (an agent claims or releases it), with the same
   * compare-and-set as turns, serialized with this process's turns for that conversation.
   */
  async updateState(key: string, change: (state: ConversationState) => void | Promise<void>): Promise<ConversationState> {
    return this.queue.run(key, async () => {
      const { store } = this.options;
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
        const current = await store.getVersioned(stateKeyOf(key));
        if (!current) throw new LockCareError('E_NOT_FOUND', `Unknown conversation ${key}`);
        const state = decodeState(current.value, key);
        await change(state);
        state.updatedAt = this.clock.now().toISOString();
        if ((await store.compareAndSet(stateKeyOf(key), current.version, encodeState(state), this.stateTtlMs)) !== null) return state;
      }
      throw new LockCareError('E_CONFLICT', `Could not update conversation ${key}`);
    });
  }

  /** The conversation's whole transcript, oldest first. */
  async transcript(key: string): Promise<TranscriptEntry[]> {
    return this.transcripts.all(key);
  }

  /**
   * Send messages to a conversation outside a turn (agent replies, SLA notices, surveys)
   * through the outbox — in this process, or forwarded to the process that runs that channel —
   * and record them in the transcript once the channel has taken them.
   * With `retry`, a send the channel cannot take right now (not a closed reply window) is queued
   * and retried (`'queued'`), recorded once delivered; without it the error is thrown.
   * `retry.id` names the queued item (the retry queue's `onDelivered` / `onExpired` handlers get it back).
   */
  async deliver(target: ConversationTarget, messages: OutboundMessage[], options: { retry?: { ticketId?: string; id?: string } } = {}): Promise<'sent' | 'queued'> {
    try {
      await this.outbox.deliver(target, messages);
    } catch (error) {
      if (!options.retry || isPermanentSendFailure(error)) throw error;
      await this.retries.enqueue(retryTargetOf(target, error), messages, { ...options.retry, record: true, error });
      return 'queued';
    }
    await this.recordDelivered(target, messages);
    return 'sent';
  }

  /**
   * A channel could not send a turn's replies (or a forwarded message): queue them for retry
   * under `id` (so the same replies are queued once). Permanent failures are only logged.
   */
  async sendLater(target: ConversationTarget, messages: OutboundMessage[], error: unknown, options: { id?: string; ticketId?: string } = {}): Promise<boolean> {
    if (messages.length === 0) return false;
    if (isPermanentSendFailure(error)) {
      this.options.logger.error({ err: error, channel: target.channel, code: 'E_CHANNEL_SEND' }, 'reply could not be sent and cannot be retried');
      return false;
    }
    return this.retries.enqueue(retryTargetOf(target, error), messages, { ...options, error }).catch((failure: unknown) => {
      this.options.logger.error({ err: failure, channel: target.channel, code: 'E_CHANNEL_SEND' }, 'reply could not be sent or queued for retry');
      return false;
    });
  }

  private async sendQueued(item: RetryItem): Promise<void> {
    await this.outbox.deliver(item.target, item.messages);
    if (item.record) await this.recordDelivered(item.target, item.messages);
  }

  private async recordDelivered(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const now = this.clock.now();
    await this.transcripts.append(
      conversationKey(target.channel, target.conversationId),
      messages.map((message) => this.transcripts.outboundEntry(message, now)),
    );
  }

  /** An agent is writing: channels that can show it do (a hint, not recorded; nothing when the channel runs elsewhere). */
  async typing(target: ConversationTarget, name: string): Promise<void> {
    await this.adapters.get(target.channel)?.typing?.(target, { name });
  }

  /** Take messages other processes forward for the channels registered here. */
  async listenForForwardedMessages(): Promise<void> {
    for (const adapter of this.adapters.values()) if (!adapter.listensToOutboxItself) await this.outbox.listen(adapter.name);
    this.retries.start();
  }

  /** Wait for in-flight turns and stop taking forwarded messages (graceful shutdown). */
  async drain(): Promise<void> {
    await this.outbox.close();
    await this.retries.stop();
    await this.queue.idle();
  }
}
