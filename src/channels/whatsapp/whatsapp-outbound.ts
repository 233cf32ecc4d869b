import type { ChannelCapabilities, ConversationTarget, OutboundMessage } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelLease } from '../shared/channel-lease.js';
import { ContactGuard } from '../shared/contact-guard.js';
import { OutboundPacer } from '../shared/outbound-pacer.js';
import { renderForChannel } from '../shared/render.js';
import type { WhatsappClientLike } from './whatsapp-client.js';

/** Agent replies written on a process that does not run the client travel to the lease holder here. */
export const WHATSAPP_OUTBOX = 'whatsapp:outbox';

/**
 * Everything WhatsApp sends: the first-contact guard and 24-hour window, numbered-list rendering,
 * per-chat pacing, and the outbox that carries an agent reply from any process to the one that
 * runs the client (the lease holder).
 */
export class WhatsappOutbound {
  private readonly guard: ContactGuard;
  private pacer: OutboundPacer;
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly ctx: SetupContext,
    private readonly capabilities: ChannelCapabilities,
    private readonly lease: ChannelLease,
    /** The client, only while it is connected. */
    private readonly connectedClient: () => WhatsappClientLike | undefined,
  ) {
    this.guard = new ContactGuard(ctx.store, ctx.clock, { ttlMs: ctx.config.conversation.ttlMs });
    this.pacer = this.newPacer();
  }

  /** The customer wrote: from now on (for 24 h) we may answer. */
  async recordInbound(conversationId: string, at: Date): Promise<void> {
    await this.guard.recordInbound('whatsapp', conversationId, at);
  }

  /** Agent replies and notices: only to customers who wrote first, within 24 h; paced. */
  async send(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const chatId = typeof target.reference?.chatId === 'string' ? target.reference.chatId : target.conversationId;
    await this.guard.assertMayWrite('whatsapp', target.conversationId, this.capabilities.replyWindowHours);
    if (this.connectedClient()) return this.sendRendered(chatId, messages);
    const holder = await this.lease.currentHolder();
    if (holder && holder !== this.lease.holder) {
      await this.ctx.store.publish(WHATSAPP_OUTBOX, JSON.stringify({ chatId, messages }));
      return;
    }
    if (holder === this.lease.holder) throw new LockCareError('E_CHANNEL_SEND', 'Not sent: WhatsApp is reconnecting right now; try again in a minute.');
    throw new LockCareError('E_CHANNEL_SEND', 'Not sent: WhatsApp is not connected right now (no process runs the WhatsApp client).');
  }

  /** Render (numbered lists, 4096-character parts) and send in order, paced per chat. */
  async sendRendered(chatId: string, messages: OutboundMessage[]): Promise<void> {
    const client = this.connectedClient();
    if (!client) throw new LockCareError('E_CHANNEL_SEND', 'Not sent: WhatsApp is reconnecting right now; try again in a minute.');
    const sends = renderForChannel(messages, this.capabilities).map((item) => {
      const text = item.kind === 'text' ? item.text : [item.caption, item.media.url].filter(Boolean).join('\n');
      return this.pacer.enqueue(chatId, () => client.sendMessage(chatId, text, { linkPreview: false }));
    });
    await Promise.all(sends);
  }

  /** The lease holder listens for replies accepted by other processes. */
  async listenToOutbox(): Promise<void> {
    this.unsubscribe ??= await this.ctx.store.subscribe(WHATSAPP_OUTBOX, (raw) => void this.sendFromOutbox(raw));
  }

  async stopListening(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.().catch(() => undefined);
  }

  /** Fresh pacing after a stop. */
  restart(): void {
    this.pacer = this.newPacer();
  }

  /** Fail queued sends and stop listening (shutdown). */
  async stop(): Promise<void> {
    this.pacer.stop();
    await this.stopListening();
  }

  private async sendFromOutbox(raw: string): Promise<void> {
    try {
      const { chatId, messages } = JSON.parse(raw) as { chatId: string; messages: OutboundMessage[] };
      await this.sendRendered(chatId, messages);
    } catch (error) {
      this.ctx.logger.error({ channel: 'whatsapp', err: error, code: 'E_CHANNEL_SEND' }, 'forwarded WhatsApp reply could not be sent');
    }
  }

  private newPacer(): OutboundPacer {
    return new OutboundPacer({ minIntervalMs: this.ctx.config.outbound.minIntervalMs });
  }
}
