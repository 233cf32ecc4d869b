import type { Wechaty } from 'wechaty';
import { conversationKey, type ChannelCapabilities, type ConversationTarget, type OutboundMessage } from '../../core/types.js';
import { ChannelSendError, LockCareError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import { ContactGuard } from '../shared/contact-guard.js';
import { OutboundPacer } from '../shared/outbound-pacer.js';
import { sendRendered } from '../shared/receive.js';

/**
 * WeChat personal accounts have no buttons: choices go out as numbered lists ("1. …"), which the
 * core maps back from "2", "two", "dos", "٢" or the option's words. Outgoing media is sent as a
 * link in the text. Long text is split well under WeChat's message size limit.
 */
export const WECHAT_CAPABILITIES: ChannelCapabilities = { choices: false, media: false, maxTextLength: 1500, proactive: true };

/** Anything Wechaty can `say` to: a contact or a room. */
export interface Sayer {
  say(text: string): Promise<unknown>;
}

/** What WeChat sends: rendered, paced per chat, only to contacts who wrote first. */
export class WechatSender {
  readonly guard: ContactGuard;
  private readonly pacer: OutboundPacer;

  constructor(
    private readonly ctx: SetupContext,
    private readonly bot: () => Wechaty | undefined,
  ) {
    this.pacer = new OutboundPacer({ minIntervalMs: ctx.config.outbound.minIntervalMs });
    this.guard = new ContactGuard(ctx.store, ctx.clock, { ttlMs: ctx.config.conversation.ttlMs });
  }

  async sendTo(sayer: Sayer, key: string, messages: OutboundMessage[]): Promise<void> {
    await sendRendered(messages, { capabilities: WECHAT_CAPABILITIES, pacer: this.pacer, chatKey: key }, async (rendered) => {
      // With `media: false` every rendered message is text (media become a caption and a link).
      if (rendered.kind === 'text') await sayer.say(rendered.text);
    });
  }

  /** Agent replies and notices: find the contact (or room) by the stored reference and write to it. */
  async send(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const bot = this.bot();
    if (!bot?.isLoggedIn) throw new ChannelSendError('wechat', new Error('WeChat is not logged in'));
    const key = conversationKey('wechat', target.conversationId);
    const reference = target.reference ?? (await this.ctx.core().getState(key))?.reference ?? {};
    await this.guard.assertMayWrite('wechat', target.conversationId);
    const roomId = typeof reference.roomId === 'string' ? reference.roomId : undefined;
    const contactId = typeof reference.contactId === 'string' ? reference.contactId : target.conversationId;
    const sayer: Sayer | undefined = roomId ? await bot.Room.find({ id: roomId }) : await bot.Contact.find({ id: contactId });
    if (!sayer) {
      throw new LockCareError('E_CHANNEL_SEND', 'Not sent: this WeChat contact is no longer reachable from the support account', {
        details: { channel: 'wechat', reason: 'contact-not-found' },
      });
    }
    await this.sendTo(sayer, key, messages);
  }

  stop(): void {
    this.pacer.stop();
  }
}
