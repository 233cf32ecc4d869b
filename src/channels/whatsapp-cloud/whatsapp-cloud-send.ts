import { randomUUID } from 'node:crypto';
import type { TemplatePurpose } from '../../config.js';
import { conversationKey, type ChannelCapabilities, type Choice, type ConversationTarget, type Language, type OutboundMessage, type ReplyWindowStatus } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import { ContactGuard } from '../shared/contact-guard.js';
import { OutboundPacer } from '../shared/outbound-pacer.js';
import { sendRendered } from '../shared/receive.js';
import { numberedList, splitText, type RenderedMessage } from '../shared/render.js';
import { CloudApi, CloudApiError, REENGAGEMENT_CODE, sendFailure } from './whatsapp-cloud-api.js';
import { WhatsappCloudReminders } from './whatsapp-cloud-reminders.js';

/** Real buttons and lists, media, 4,096 characters a text, free-form only within 24 h of the customer's last message. */
export const WHATSAPP_CLOUD_CAPABILITIES: ChannelCapabilities = { choices: true, media: true, maxTextLength: 4096, replyWindowHours: 24, proactive: true };

/** Interactive message limits: https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-list-messages */
const BUTTON_TITLE_MAX = 20;
const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
const INTERACTIVE_BODY_MAX = 1024;

/** Cut to `max` characters at a word boundary when one is near, ending with an ellipsis. */
export function truncateTitle(title: string, max: number): string {
  const chars = [...title.trim()];
  if (chars.length <= max) return title.trim();
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${(space >= max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

/** One rendered message as Cloud API payloads: ≤3 choices → reply buttons, ≤10 → a list, more → numbered text. */
export function encodeCloudMessages(to: string, message: RenderedMessage, listButton: string): Array<Record<string, unknown>> {
  if (message.kind === 'media') {
    const { media } = message;
    const type = media.kind === 'file' ? 'document' : media.kind === 'location' ? null : media.kind;
    if (!type || !media.url) return [{ to, type: 'text', text: { body: [message.caption, media.url].filter(Boolean).join('\n'), preview_url: false } }];
    return [{ to, type, [type]: { link: media.url, ...(message.caption && type !== 'audio' ? { caption: message.caption } : {}), ...(type === 'document' && media.fileName ? { filename: media.fileName } : {}) } }];
  }
  const choices = message.choices ?? [];
  if (choices.length === 0 || choices.length > 10) {
    const body = choices.length > 0 ? `${message.text}\n\n${numberedList(choices, message.dir)}` : message.text;
    return splitText(body, WHATSAPP_CLOUD_CAPABILITIES.maxTextLength).map((part) => ({ to, type: 'text', text: { body: part, preview_url: false } }));
  }
  // The interactive body holds 1,024 characters: longer text goes first as plain text.
  const parts = splitText(message.text, INTERACTIVE_BODY_MAX);
  const last = parts.pop() ?? message.text;
  const leading = parts.map((part) => ({ to, type: 'text', text: { body: part, preview_url: false } }));
  return [...leading, { to, type: 'interactive', interactive: interactiveFor(last, choices, listButton) }];
}

function interactiveFor(body: string, choices: Choice[], listButton: string): Record<string, unknown> {
  if (choices.length <= 3) {
    return { type: 'button', body: { text: body }, action: { buttons: choices.map((choice) => ({ type: 'reply', reply: { id: choice.value, title: truncateTitle(choice.title, BUTTON_TITLE_MAX) } })) } };
  }
  const rows = choices.map((choice) => {
    const title = truncateTitle(choice.title, ROW_TITLE_MAX);
    // A cut title is shown whole in the row's description.
    return { id: choice.value, title, ...(title !== choice.title.trim() ? { description: truncateTitle(choice.title, ROW_DESCRIPTION_MAX) } : {}) };
  });
  return { type: 'list', body: { text: body }, action: { button: truncateTitle(listButton, BUTTON_TITLE_MAX), sections: [{ rows }] } };
}


const heldKey = (waId: string) => `whatsapp-cloud:held:${waId}`;
/** How long one process may take to deliver a customer's held messages before another may try. */
const FLUSH_CLAIM_MS = 60_000;
const outboundKey = (messageId: string) => `whatsapp-cloud:outbound:${messageId}`;
/** A survey template's quick-reply tap that released the questions (so Meta's repeat of it is dropped too). */
const releasingTapKey = (messageId: string) => `whatsapp-cloud:releasing-tap:${messageId}`;
/** As long as the core remembers a message id for dropping repeats. */
const RELEASING_TAP_TTL_MS = 48 * 3_600_000;

/** What `flushHeld` did: nothing was held, it was sent, it is kept for the next message, or another process is on it. */
export type FlushOutcome = 'nothing-held' | 'delivered' | 'kept' | 'busy';

/** Sends on the Cloud API: replies in a turn, agent replies and notices with the 24-hour window and templates. */
export class WhatsappCloudSender {
  readonly guard: ContactGuard;
  /** The `ticket_reminder` template for held agent replies the customer leaves unanswered. */
  readonly reminders: WhatsappCloudReminders;
  private readonly pacer: OutboundPacer;

  constructor(
    private readonly ctx: SetupContext,
    readonly api: CloudApi,
  ) {
    this.guard = new ContactGuard(ctx.store, ctx.clock, { ttlMs: ctx.config.conversation.ttlMs });
    this.pacer = new OutboundPacer({ minIntervalMs: ctx.config.outbound.minIntervalMs });
    this.reminders = new WhatsappCloudReminders(ctx, this);
  }

  /** Free-form messages (the customer is inside the window): rendered, paced per chat, each recorded for its statuses. */
  async sendFreeForm(waId: string, messages: OutboundMessage[]): Promise<void> {
    await sendRendered(messages, { capabilities: WHATSAPP_CLOUD_CAPABILITIES, pacer: this.pacer, chatKey: waId }, async (rendered) => {
      const listButton = this.ctx.translator.forLanguage(rendered.language)('common.chooseOption');
      for (const payload of encodeCloudMessages(waId, rendered, listButton)) await this.post(waId, payload);
    });
  }

  /**
   * Agent replies, notices and surveys outside a turn. Inside the 24-hour window they go as they
   * are; outside it (or when the API answers 131047) the purpose's approved template goes first
   * and the messages are held until the customer answers (`flushHeld`).
   */
  async send(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    const waId = typeof target.reference?.waId === 'string' ? target.reference.waId : target.conversationId;
    await this.guard.assertMayWrite('whatsapp-cloud', target.conversationId);
    const window = await this.window(target.conversationId);
    try {
      if (window.open) return await this.sendFreeForm(waId, messages);
    } catch (error) {
      if (!(error instanceof CloudApiError && error.code === REENGAGEMENT_CODE)) throw sendFailure(error);
    }
    await this.sendTemplate(target, waId, messages);
  }

  /** The purpose's template in the customer's language, then hold the messages for their answer. */
  private async sendTemplate(target: ConversationTarget, waId: string, messages: OutboundMessage[]): Promise<void> {
    const purpose: TemplatePurpose = target.purpose ?? 'ticket_update';
    const language = messages[0]?.language ?? 'en';
    const state = await this.ctx.core().getState(conversationKey('whatsapp-cloud', target.conversationId));
    const ticketId = purpose === 'satisfaction_survey' ? undefined : state?.ticketId;
    await this.sendPurposeTemplate(waId, purpose, language, ticketId);
    await this.ctx.store.listPush(heldKey(waId), messages.map((message) => JSON.stringify(message)), 100, this.ctx.config.conversation.ttlMs);
    if (purpose === 'ticket_update' && ticketId) await this.reminders.schedule({ waId, conversationId: target.conversationId, ticketId, language });
  }

  /**
   * The purpose's approved template in `language`, with the ticket id as its one body parameter
   * when there is one (`ticket_update`, `ticket_reminder`). Throws `no-approved-template` when the
   * purpose has no name or the language no approved code.
   */
  async sendPurposeTemplate(waId: string, purpose: TemplatePurpose, language: Language, ticketId?: string): Promise<void> {
    const { templates, templateLanguages } = this.ctx.config.whatsappCloud;
    const name = templates[purpose];
    const code = templateLanguages[language];
    if (!name || !code) {
      throw new LockCareError('E_CHANNEL_SEND', `Not sent: the customer's 24-hour WhatsApp window has closed and no approved "${purpose}" template is configured${name ? ` for ${language}` : ''}.`, {
        details: { channel: 'whatsapp-cloud', reason: 'no-approved-template', purpose },
      });
    }
    const parameters = ticketId ? [{ type: 'text', text: ticketId }] : [];
    const template = { name, language: { code }, ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}) };
    try {
      await this.post(waId, { to: waId, type: 'template', template }, purpose);
    } catch (error) {
      throw sendFailure(error);
    }
  }

  /** How many messages are held for the customer's answer. */
  async heldCount(waId: string): Promise<number> {
    return (await this.ctx.store.listRange(heldKey(waId))).length;
  }

  /**
   * The customer wrote: deliver what was held for them. One process at a time flushes a customer
   * (a short claim), and the held messages are removed only after they were sent: a failed send or
   * a crash keeps them for the customer's next message (at worst sent twice, never lost). A failure
   * is logged and never stops the customer's own message from being answered.
   */
  async flushHeld(waId: string): Promise<FlushOutcome> {
    const claim = `${heldKey(waId)}:flushing`;
    const token = `${process.pid}:${randomUUID()}`;
    if (!(await this.ctx.store.setIfAbsent(claim, token, FLUSH_CLAIM_MS))) return 'busy';
    try {
      const held = await this.ctx.store.listRange(heldKey(waId));
      if (held.length === 0) return 'nothing-held';
      await this.sendFreeForm(waId, held.map((raw) => JSON.parse(raw) as OutboundMessage));
      await this.ctx.store.delete(heldKey(waId));
      await this.reminders.released(waId);
      return 'delivered';
    } catch (error) {
      this.ctx.logger.warn({ err: error, code: 'E_CHANNEL_SEND' }, 'WhatsApp Cloud: held agent messages not delivered yet; kept for the customer\'s next message');
      return 'kept';
    } finally {
      await this.ctx.store.deleteIfEquals(claim, token);
    }
  }

  /**
   * A tap on the quick reply ("Start", "Empezar", …) of the `satisfaction_survey` template only
   * says "send me the questions": it releases what was held and is not an answer to the first one.
   * True when the tap did that (or is Meta's repeat of a tap that did), so the channel does not
   * hand it to the conversation. A tap with nothing held (a second tap, or after the customer
   * already wrote) goes on as the text it shows, as does any other template's quick reply — the
   * `ticket_update` tap reaches the ticket as the customer's message.
   * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples#quick-reply-button
   */
  async releaseOnSurveyTap(message: { id: string; from: string; type: string; context?: { id?: string } }): Promise<boolean> {
    if (message.type !== 'button' || !message.context?.id) return false;
    if (await this.ctx.store.get(releasingTapKey(message.id))) return true;
    if ((await this.outboundRecord(message.context.id))?.purpose !== 'satisfaction_survey') return false;
    if ((await this.flushHeld(message.from)) === 'nothing-held') return false;
    await this.ctx.store.set(releasingTapKey(message.id), '1', RELEASING_TAP_TTL_MS);
    return true;
  }

  /** The window now, for the console and for `send`. */
  async window(conversationId: string): Promise<ReplyWindowStatus> {
    const whenClosed = this.ctx.config.whatsappCloud.templates.ticket_update ? 'template-then-hold' : 'refused';
    return this.guard.replyWindow('whatsapp-cloud', conversationId, WHATSAPP_CLOUD_CAPABILITIES.replyWindowHours ?? 24, whenClosed);
  }

  /** A delivery status from the webhook updates the outbound record (sent → delivered → read, or failed). */
  async recordStatus(status: { id: string; status: string; timestamp: string; errors?: Array<{ code: number; title?: string }> }): Promise<void> {
    const raw = await this.ctx.store.get(outboundKey(status.id));
    if (!raw) return;
    const record = JSON.parse(raw) as OutboundRecord;
    record.status = status.status;
    record.statusAt = new Date(Number(status.timestamp) * 1000).toISOString();
    if (status.errors?.[0]) record.error = { code: status.errors[0].code, ...(status.errors[0].title ? { title: status.errors[0].title } : {}) };
    await this.ctx.store.set(outboundKey(status.id), JSON.stringify(record), this.ctx.config.conversation.ttlMs);
  }

  async outboundRecord(messageId: string): Promise<OutboundRecord | null> {
    const raw = await this.ctx.store.get(outboundKey(messageId));
    return raw ? (JSON.parse(raw) as OutboundRecord) : null;
  }

  private async post(waId: string, payload: Record<string, unknown>, purpose?: TemplatePurpose): Promise<void> {
    const id = await this.api.sendMessage(payload);
    if (!id) return;
    const record: OutboundRecord = { conversationId: waId, type: String(payload.type), ...(purpose ? { purpose } : {}), status: 'accepted', statusAt: this.ctx.clock.now().toISOString() };
    await this.ctx.store.set(outboundKey(id), JSON.stringify(record), this.ctx.config.conversation.ttlMs);
  }

  async stop(): Promise<void> {
    await this.reminders.stop();
    this.pacer.stop();
  }
}

/** What LockCare keeps about a message it sent, updated by status webhooks. */
export interface OutboundRecord {
  conversationId: string;
  type: string;
  /** A template's purpose (a quick-reply tap is matched to it by `context.id`). */
  purpose?: TemplatePurpose;
  status: string;
  statusAt: string;
  error?: { code: number; title?: string };
}
