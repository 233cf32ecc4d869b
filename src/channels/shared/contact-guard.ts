import type { Clock } from '../../core/dialog.js';
import type { ChannelName, ReplyWindowStatus } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { Store } from '../../store/store.js';

/** The store key holding when a customer last wrote on a channel conversation (ISO time). */
export const lastInboundKey = (channel: ChannelName, conversationId: string) => `contact:${channel}:${conversationId}`;

export interface ContactGuardOptions {
  /** How long "this customer wrote to us" is remembered (default 30 days, like conversations). */
  ttlMs?: number;
}

/**
 * First-contact guard: LockCare never writes to someone who has not written first. Adapters call
 * `recordInbound` for every accepted inbound message and `assertMayWrite` before any send; the
 * record lives in the store, so it holds across processes and restarts. It also enforces reply
 * windows (WhatsApp: free-form messages only within 24 h of the customer's last message).
 */
export class ContactGuard {
  private readonly ttlMs: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: ContactGuardOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30 * 86_400_000;
  }

  /** Remember that the customer just wrote (call before handing the message to the core). */
  async recordInbound(channel: ChannelName, conversationId: string, at: Date = this.clock.now()): Promise<void> {
    await this.store.set(lastInboundKey(channel, conversationId), at.toISOString(), this.ttlMs);
  }

  /** When the customer last wrote, or null if they never did (or too long ago). */
  async lastInboundAt(channel: ChannelName, conversationId: string): Promise<Date | null> {
    const value = await this.store.get(lastInboundKey(channel, conversationId));
    return value ? new Date(value) : null;
  }

  /**
   * The reply window now: when the customer last wrote, when free-form replies stop, and whether
   * they still may be sent. `onReply` is what a reply does once the window has closed.
   */
  async replyWindow(channel: ChannelName, conversationId: string, replyWindowHours: number, whenClosed: ReplyWindowStatus['onReply'] = 'refused'): Promise<ReplyWindowStatus> {
    const last = await this.lastInboundAt(channel, conversationId);
    if (!last) return { lastInboundAt: null, closesAt: null, open: false, onReply: 'refused' };
    const closesAt = new Date(last.getTime() + replyWindowHours * 3_600_000);
    const open = this.clock.now() < closesAt;
    return { lastInboundAt: last.toISOString(), closesAt: closesAt.toISOString(), open, onReply: open ? 'send' : whenClosed };
  }

  /**
   * Throw `E_CHANNEL_SEND` unless the customer wrote first and, when the channel has a reply
   * window, wrote within it. The message says why, so the console can show it to the agent.
   */
  async assertMayWrite(channel: ChannelName, conversationId: string, replyWindowHours?: number): Promise<void> {
    const last = await this.lastInboundAt(channel, conversationId);
    if (!last) {
      throw new LockCareError('E_CHANNEL_SEND', `Not sent: this ${channel} contact has not written to us first, and LockCare only replies to customers who wrote.`, {
        details: { channel, reason: 'no-first-contact' },
      });
    }
    if (replyWindowHours !== undefined) {
      const ageMs = this.clock.now().getTime() - last.getTime();
      if (ageMs > replyWindowHours * 3_600_000) {
        const hours = Math.floor(ageMs / 3_600_000);
        throw new LockCareError(
          'E_CHANNEL_SEND',
          `Not sent: the customer's last ${channel} message was ${hours} h ago, outside ${channel}'s ${replyWindowHours}-hour reply window. The customer has to write again before we can reply.`,
          { details: { channel, reason: 'reply-window-closed', lastInboundAt: last.toISOString(), replyWindowHours } },
        );
      }
    }
  }
}
