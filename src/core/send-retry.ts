import { randomUUID } from 'node:crypto';
import { LockCareError, RetryableSendError } from '../errors.js';
import { conversationLogRef, type Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { Clock } from './dialog.js';
import { Poller } from './poller.js';
import { CHANNEL_NAMES, conversationKey, type ChannelName, type ConversationTarget, type InboundMessage, type JsonObject, type OutboundMessage } from './types.js';

/** A reply waiting for its channel (`outbound:retry:item:<id>`), due again at its score in `outbound:retry:<channel>`. */
export interface RetryItem {
  id: string;
  target: ConversationTarget;
  messages: OutboundMessage[];
  ticketId?: string;
  /** Record the messages in the transcript once delivered (agent replies; a turn's replies are already there). */
  record: boolean;
  attempts: number;
  queuedAt: string;
  expiresAt: string;
  lastError?: string;
}

export interface SendRetryOptions {
  store: Store;
  logger: Logger;
  clock: Clock;
  /** Send through a channel that runs in this process; throws when it cannot. */
  send(item: RetryItem): Promise<void>;
  /** Channels this process runs: only their items are attempted here (any process expires any item). */
  channels(): ChannelName[];
  pollMs: number;
  /** Give up this long after the first failure (OUTBOUND_RETRY_HOURS). */
  expireMs: number;
  /** First retry after this long, doubling up to `maxBackoffMs`. Defaults 5 s and 10 min. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claimed item is reserved for the process that claimed it. Default 60 s. */
  leaseMs?: number;
}

export interface RetryTick {
  delivered: RetryItem[];
  failed: RetryItem[];
  expired: RetryItem[];
}

const queueKey = (channel: ChannelName) => `outbound:retry:${channel}`;
const itemKey = (id: string) => `outbound:retry:item:${id}`;
const claimKey = (id: string) => `outbound:retry:claim:${id}`;
/** What an item's key holds once it is settled, so the same reply is never queued (or sent) again. */
const SETTLED = 'settled';
const SETTLED_TTL_MS = 48 * 3_600_000;
const BATCH = 100;

/** The retry id of a turn's replies: one per inbound message, so they are queued once. */
export function turnRetryId(message: Pick<InboundMessage, 'channel' | 'conversationId' | 'platformMessageId'>): string {
  return `turn:${conversationKey(message.channel, message.conversationId)}:${message.platformMessageId}`;
}

/**
 * Failures that a retry cannot fix: the customer never wrote, the reply window closed, the contact
 * is gone; on the WhatsApp Cloud API, no approved template for a closed window, or a number WhatsApp cannot reach;
 * on e-mail, a 5xx answer from the mail server.
 */
const PERMANENT_REASONS = new Set(['no-first-contact', 'reply-window-closed', 'no-reference', 'contact-not-found', 'no-approved-template', 'invalid-number', 'smtp-rejected']);

export function isPermanentSendFailure(error: unknown): boolean {
  return error instanceof LockCareError && PERMANENT_REASONS.has(String(error.details?.reason ?? ''));
}

/**
 * The target a retry must send to. A channel whose send must be repeated exactly (e-mail: the
 * same Message-ID, threading headers and subject, whatever the conversation did since) puts the
 * reference to retry with in a `RetryableSendError`; other channels retry the target as given.
 */
export function retryTargetOf(target: ConversationTarget, error: unknown): ConversationTarget {
  return error instanceof RetryableSendError ? { ...target, reference: error.retryReference as JsonObject } : target;
}

/**
 * Replies a channel could not take at that instant (WhatsApp disconnected, a Bot Connector 5xx,
 * WeChat logged out), kept in the store and sent again with backoff until delivered or expired.
 * Any number of processes may poll: an item is claimed with a lease (`setIfAbsent` with a TTL),
 * sent, and only then marked settled, so a process that dies mid-way leaves it for another once
 * the lease runs out. An item's id is fixed when it is queued (for a turn's replies, the inbound
 * message's platform id), so queuing the same reply twice keeps one. A channel that takes a
 * message and dies before saying so can still see it twice: no platform offers an idempotent send.
 */
export class SendRetryQueue {
  private readonly poller: Poller<RetryTick>;
  private readonly expiredHandlers: Array<(item: RetryItem) => Promise<void>> = [];
  private readonly deliveredHandlers: Array<(item: RetryItem) => Promise<void>> = [];

  constructor(private readonly options: SendRetryOptions) {
    this.poller = new Poller(options.pollMs, () => this.runDue(), (error) => {
      options.logger.error({ err: error }, 'outbound retry poll failed');
      return { delivered: [], failed: [], expired: [] };
    });
  }

  /** How long a queued reply is retried before it is given up. */
  get expireMs(): number {
    return this.options.expireMs;
  }

  /** Queue replies whose send just failed. False when a reply with this id was already queued or settled. */
  async enqueue(target: ConversationTarget, messages: OutboundMessage[], options: { ticketId?: string; id?: string; record?: boolean; error?: unknown } = {}): Promise<boolean> {
    const { store, clock, expireMs, logger } = this.options;
    const now = clock.now().getTime();
    const item: RetryItem = {
      id: options.id ?? randomUUID(),
      target,
      messages,
      ...(options.ticketId ? { ticketId: options.ticketId } : {}),
      record: options.record ?? false,
      attempts: 1,
      queuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + expireMs).toISOString(),
      ...(options.error ? { lastError: errorText(options.error) } : {}),
    };
    if (!(await store.setIfAbsent(itemKey(item.id), JSON.stringify(item), expireMs + SETTLED_TTL_MS))) return false;
    await store.sortedAdd(queueKey(target.channel), item.id, now + this.backoff(1));
    logger.warn(
      { channel: target.channel, conversation: conversationLogRef(conversationKey(target.channel, target.conversationId)), retry: item.id, code: 'E_CHANNEL_SEND' },
      'send failed; queued for retry',
    );
    return true;
  }

  /** Replies waiting to be sent, over every channel (the `lockcare_outbound_retries_pending` figure). */
  async pendingCount(): Promise<number> {
    let count = 0;
    for (const channel of CHANNEL_NAMES) count += (await this.options.store.sortedRangeByScore(queueKey(channel), Infinity)).length;
    return count;
  }

  /** Called (in the process that gave up) for each item that expired undelivered. */
  onExpired(handler: (item: RetryItem) => Promise<void>): void {
    this.expiredHandlers.push(handler);
  }

  /**
   * Called (in the process that sent it) for each item delivered by a retry, after it is settled:
   * the moment the customer actually got it (a queued agent reply stops the SLA clock then).
   */
  onDelivered(handler: (item: RetryItem) => Promise<void>): void {
    this.deliveredHandlers.push(handler);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** One poll (what the interval runs; tests call it after moving a TestClock). Never throws. */
  tick(): Promise<RetryTick> {
    return this.poller.run();
  }

  private async runDue(): Promise<RetryTick> {
    const { store, clock } = this.options;
    const result: RetryTick = { delivered: [], failed: [], expired: [] };
    const here = new Set(this.options.channels());
    for (const channel of CHANNEL_NAMES) {
      const now = clock.now().getTime();
      const due = await store.sortedRangeByScore(queueKey(channel), now, BATCH);
      for (const { member: id } of due) {
        const raw = await store.get(itemKey(id));
        const item = raw && raw !== SETTLED ? (JSON.parse(raw) as RetryItem) : undefined;
        const expired = item !== undefined && Date.parse(item.expiresAt) <= now;
        if (item && !expired && !here.has(channel)) continue; // waits for a process that runs the channel
        const lease = `${process.pid}:${randomUUID()}`;
        if (!(await store.setIfAbsent(claimKey(id), lease, this.options.leaseMs ?? 60_000))) continue; // another process has it
        try {
          const current = await store.get(itemKey(id));
          if (!item || current !== raw) {
            // Settled (or vanished) since it was read: only the queue entry is left to remove.
            if (!current || current === SETTLED) await store.sortedRemove(queueKey(channel), id);
            continue;
          }
          if (expired) await this.expire(item, result);
          else await this.attempt(item, now, result);
        } finally {
          await store.deleteIfEquals(claimKey(id), lease).catch(() => undefined);
        }
      }
    }
    return result;
  }

  private async attempt(item: RetryItem, now: number, result: RetryTick): Promise<void> {
    const { store, logger } = this.options;
    try {
      await this.options.send(item);
    } catch (error) {
      const permanent = isPermanentSendFailure(error);
      const next: RetryItem = { ...item, attempts: item.attempts + 1, lastError: errorText(error) };
      if (permanent) next.expiresAt = new Date(now).toISOString();
      const dueAt = Math.min(now + this.backoff(next.attempts), Date.parse(next.expiresAt));
      await store.set(itemKey(item.id), JSON.stringify(next), this.options.expireMs + SETTLED_TTL_MS);
      await store.sortedAdd(queueKey(item.target.channel), item.id, dueAt);
      logger.warn({ channel: item.target.channel, retry: item.id, attempts: next.attempts, err: error }, 'retried send failed again');
      result.failed.push(next);
      return;
    }
    await this.settle(item);
    logger.info({ channel: item.target.channel, retry: item.id, attempts: item.attempts + 1 }, 'queued reply delivered');
    await this.runHandlers(this.deliveredHandlers, item, 'handling a delivered reply failed');
    result.delivered.push(item);
  }

  private async expire(item: RetryItem, result: RetryTick): Promise<void> {
    await this.settle(item);
    this.options.logger.error({ channel: item.target.channel, retry: item.id, attempts: item.attempts, ticket: item.ticketId, code: 'E_CHANNEL_SEND' }, 'queued reply expired undelivered');
    await this.runHandlers(this.expiredHandlers, item, 'handling an undelivered reply failed');
    result.expired.push(item);
  }

  private async runHandlers(handlers: Array<(item: RetryItem) => Promise<void>>, item: RetryItem, failure: string): Promise<void> {
    for (const handler of handlers) {
      await handler(item).catch((error: unknown) => this.options.logger.error({ err: error, retry: item.id }, failure));
    }
  }

  private async settle(item: RetryItem): Promise<void> {
    await this.options.store.set(itemKey(item.id), SETTLED, SETTLED_TTL_MS);
    await this.options.store.sortedRemove(queueKey(item.target.channel), item.id);
  }

  private backoff(attempts: number): number {
    const { initialBackoffMs = 5_000, maxBackoffMs = 600_000 } = this.options;
    return Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempts - 1));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
