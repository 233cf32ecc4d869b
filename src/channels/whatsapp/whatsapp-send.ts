import type { ChannelCapabilities, ConversationTarget, OutboundMessage } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelLease } from '../shared/channel-lease.js';
import { ContactGuard } from '../shared/contact-guard.js';
import { OutboundPacer } from '../shared/outbound-pacer.js';
import { sendRendered } from '../shared/receive.js';
import type { WhatsappClientLike } from './whatsapp-client.js';

/**
 * Everything WhatsApp sends: the first-contact guard and 24-hour window, numbered-list rendering
 * and per-chat pacing (`sendRendered`). Only the lease holder runs the client: another process
 * hands an agent reply to it through the core's outbox (`core/outbox.ts`), which the holder
 * serves while its client runs (`listen`).
 */
export class WhatsappSender {
  readonly guard: ContactGuard;
  private pacer: OutboundPacer;

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

  /** Agent replies and notices: only to customers who wrote first, within 24 h; paced; relayed to the holder when it runs elsewhere. */
  async send(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const chatId = typeof target.reference?.chatId === 'string' ? target.reference.chatId : target.conversationId;
    await this.guard.assertMayWrite('whatsapp', target.conversationId, this.capabilities.replyWindowHours);
    if (this.connectedClient()) return this.sendToChat(chatId, messages);
    const holder = await this.lease.currentHolder();
    if (holder && holder !== this.lease.holder) return this.ctx.core().outbox.forward({ ...target, reference: { ...target.reference, chatId } }, messages);
    if (holder === this.lease.holder) throw new LockCareError('E_CHANNEL_SEND', 'Not sent: WhatsApp is reconnecting right now; try again in a minute.');
    throw new LockCareError('E_CHANNEL_SEND', 'Not sent: WhatsApp is not connected right now (no process runs the WhatsApp client).');
  }

  /** Render (numbered lists, 4096-character parts) and send in order, paced per chat. */
  async sendToChat(chatId: string, messages: OutboundMessage[]): Promise<void> {
    const client = this.connectedClient();
    if (!client) throw new LockCareError('E_CHANNEL_SEND', 'Not sent: WhatsApp is reconnecting right now; try again in a minute.');
    await sendRendered(messages, { capabilities: this.capabilities, pacer: this.pacer, chatKey: chatId }, (item) => {
      const text = item.kind === 'text' ? item.text : [item.caption, item.media.url].filter(Boolean).join('\n');
      return client.sendMessage(chatId, text, { linkPreview: false });
    });
  }

  /** The lease holder serves replies accepted by other processes. */
  async listen(): Promise<void> {
    await this.ctx.core().outbox.listen('whatsapp');
  }

  async stopListening(): Promise<void> {
    await this.ctx.core().outbox.stopListening('whatsapp');
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

  private newPacer(): OutboundPacer {
    return new OutboundPacer({ minIntervalMs: this.ctx.config.outbound.minIntervalMs });
  }
}
