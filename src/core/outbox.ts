import { randomUUID } from 'node:crypto';
import { ChannelSendError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { ChannelName, ConversationTarget, OutboundMessage } from './types.js';

interface OutboxItem {
  id: string;
  target: ConversationTarget;
  messages: OutboundMessage[];
}

const topicOf = (channel: ChannelName) => `outbox:${channel}`;

/**
 * Delivery across processes. An agent may answer from a console served by a process that does
 * not run the customer's channel (WeChat logged in on one process only, say). The message is
 * published to that channel's outbox; every process running the channel hears it and exactly
 * one of them (the one that claims its id) sends it. With nobody listening, sending fails at once.
 */
export class Outbox {
  private readonly unsubscribers: Array<() => Promise<void>> = [];

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly sendHere: (target: ConversationTarget, messages: OutboundMessage[]) => Promise<void>,
  ) {}

  /** Hand messages to whichever process runs the channel; throws E_CHANNEL_SEND when none does. */
  async forward(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const item: OutboxItem = { id: randomUUID(), target, messages };
    const receivers = await this.store.publish(topicOf(target.channel), JSON.stringify(item));
    if (receivers === 0) {
      throw new ChannelSendError(target.channel, new Error(`channel ${target.channel} is not running in any LockCare process`));
    }
  }

  /** Serve the outboxes of the channels this process runs. */
  async listen(channels: ChannelName[]): Promise<void> {
    for (const channel of channels) {
      this.unsubscribers.push(await this.store.subscribe(topicOf(channel), (raw) => void this.deliver(raw)));
    }
  }

  private async deliver(raw: string): Promise<void> {
    let item: OutboxItem;
    try {
      item = JSON.parse(raw) as OutboxItem;
    } catch {
      this.logger.warn('outbox message is not JSON; dropped');
      return;
    }
    try {
      if (!(await this.store.setIfAbsent(`outbox:claim:${item.id}`, '1', 10 * 60_000))) return;
      await this.sendHere(item.target, item.messages);
    } catch (error) {
      this.logger.error({ err: error, channel: item.target.channel, code: 'E_CHANNEL_SEND' }, 'forwarded message could not be sent');
    }
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) await unsubscribe().catch(() => undefined);
  }
}
