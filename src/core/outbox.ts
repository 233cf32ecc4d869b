import { randomUUID } from 'node:crypto';
import { ChannelSendError, LockCareError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { ChannelAdapter, ChannelName, ConversationTarget, OutboundMessage } from './types.js';

interface OutboxItem {
  id: string;
  target: ConversationTarget;
  messages: OutboundMessage[];
}

const topicOf = (channel: ChannelName) => `outbox:${channel}`;

/**
 * Every send outside a turn (agent replies, SLA notices, surveys) goes through `deliver`: sent
 * here when this process runs the channel, else handed across processes. An agent may answer
 * from a console served by a process that does not run the customer's channel (WeChat logged in
 * on one process only, say), or the channel's client may run on another process (WhatsApp Web on
 * the lease holder). The message is published to that channel's outbox; every process listening
 * hears it and exactly one (the one that claims its id) sends it. With nobody listening, sending
 * fails at once with E_CHANNEL_SEND. `deliver` is the one place a retry of a failed send belongs.
 */
export class Outbox {
  private readonly listening = new Map<ChannelName, () => Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    /** The channel adapter registered in this process, if any. */
    private readonly adapterOf: (channel: ChannelName) => ChannelAdapter | undefined,
    /** A claimed message the channel could not send: queue it for retry. */
    private readonly sendLater?: (target: ConversationTarget, messages: OutboundMessage[], error: unknown, id: string) => Promise<unknown>,
  ) {}

  /** Send to a conversation: through this process's adapter, or forwarded to a process that runs the channel. */
  async deliver(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const adapter = this.adapterOf(target.channel);
    if (!adapter) return this.forward(target, messages);
    try {
      await adapter.send(target, messages);
    } catch (error) {
      throw error instanceof LockCareError ? error : new ChannelSendError(target.channel, error);
    }
  }

  /** Hand messages to whichever process listens for the channel; throws E_CHANNEL_SEND when none does. */
  async forward(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const item: OutboxItem = { id: randomUUID(), target, messages };
    const receivers = await this.store.publish(topicOf(target.channel), JSON.stringify(item));
    if (receivers === 0) {
      throw new ChannelSendError(target.channel, new Error(`channel ${target.channel} is not running in any LockCare process`));
    }
  }

  /**
   * Serve a channel's outbox from this process (idempotent). Channels whose client runs on one
   * process only (`ChannelAdapter.listensForOutbox`) call it themselves while their client runs.
   */
  async listen(channel: ChannelName): Promise<void> {
    if (this.listening.has(channel)) return;
    const unsubscribe = await this.store.subscribe(topicOf(channel), (raw) => void this.sendForwarded(raw));
    if (this.listening.has(channel)) await unsubscribe();
    else this.listening.set(channel, unsubscribe);
  }

  async stopListening(channel: ChannelName): Promise<void> {
    const unsubscribe = this.listening.get(channel);
    this.listening.delete(channel);
    await unsubscribe?.().catch(() => undefined);
  }

  private async sendForwarded(raw: string): Promise<void> {
    let item: OutboxItem;
    try {
      item = JSON.parse(raw) as OutboxItem;
    } catch {
      this.logger.warn('outbox message is not JSON; dropped');
      return;
    }
    try {
      if (!(await this.store.setIfAbsent(`outbox:claim:${item.id}`, '1', 10 * 60_000))) return;
    } catch (error) {
      this.logger.error({ err: error, channel: item.target.channel, code: 'E_CHANNEL_SEND' }, 'forwarded message could not be claimed');
      return;
    }
    try {
      const adapter = this.adapterOf(item.target.channel);
      if (!adapter) throw new ChannelSendError(item.target.channel, new Error(`channel ${item.target.channel} is not running here`));
      await adapter.send(item.target, item.messages);
    } catch (error) {
      if (this.sendLater) await this.sendLater(item.target, item.messages, error, item.id);
      else this.logger.error({ err: error, channel: item.target.channel, code: 'E_CHANNEL_SEND' }, 'forwarded message could not be sent');
    }
  }

  async close(): Promise<void> {
    for (const channel of [...this.listening.keys()]) await this.stopListening(channel);
  }
}
