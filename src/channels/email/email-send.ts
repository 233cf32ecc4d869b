import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelCapabilities, ConversationTarget, JsonObject, OutboundMessage } from '../../core/types.js';
import { conversationKey } from '../../core/types.js';
import { LockCareError, RetryableSendError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { renderForChannel } from '../shared/render.js';

/**
 * E-mail is not a chat: every reply of a turn (or every message of an agent reply) goes out as
 * one mail, in the thread (In-Reply-To / References), with `Re: [LC-000042] <subject>`. Choices
 * become numbered lines; there is no length limit worth splitting at.
 */
export const EMAIL_CAPABILITIES: ChannelCapabilities = { choices: false, media: false, maxTextLength: 100_000, proactive: true };

export interface EmailSenderOptions {
  smtpUrl: string;
  from: string;
  logger: Logger;
  /** The customer's open ticket, for the subject. */
  ticketOf(conversationKey: string): Promise<string | undefined>;
  /** Remember our Message-ID so a reply to it finds the conversation. */
  remember(messageId: string, conversationId: string): Promise<void>;
}

/** One mail as it goes to SMTP. Plain JSON: a queued retry keeps it whole (see `pinnedMailOf`). */
export interface ComposedEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string;
  references?: string[];
  messageId: string;
  /** Written by the bot (not an agent): marked Auto-Submitted so auto-responders stay quiet. */
  automatic?: boolean;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const stringOf = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The mail for some outbound messages: text joined by blank lines, and the same as simple HTML (right-to-left for Arabic). */
export function composeEmail(messages: OutboundMessage[], reference: JsonObject, options: { ticketId?: string; domain: string }): ComposedEmail {
  const to = stringOf(reference.address);
  if (!to) throw new LockCareError('E_CHANNEL_SEND', 'No e-mail address stored for this conversation', { details: { channel: 'email', reason: 'no-address' } });
  const rendered = renderForChannel(messages, EMAIL_CAPABILITIES);
  const paragraphs = rendered.map((piece) => (piece.kind === 'text' ? piece.text : (piece.caption ?? '')));
  const text = paragraphs.join('\n\n');
  const dir = messages.find((message) => message.author.kind === 'agent')?.dir ?? messages[0]?.dir ?? 'ltr';
  const language = messages[0]?.language ?? 'en';
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('\n');
  const html = `<!doctype html>\n<html lang="${language}" dir="${dir}"><body><div dir="${dir}" style="text-align:${dir === 'rtl' ? 'right' : 'left'}">\n${body}\n</div></body></html>`;
  const subject = stringOf(reference.subject) ?? '';
  const tag = options.ticketId ? `[${options.ticketId}] ` : '';
  const references = Array.isArray(reference.references) ? reference.references.filter((id): id is string => typeof id === 'string') : [];
  const inReplyTo = stringOf(reference.messageId);
  return {
    to,
    subject: `Re: ${tag}${subject}`.trim(),
    text,
    html,
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length > 0 ? { references } : {}),
    messageId: `<${randomUUID()}@${options.domain}>`,
    automatic: messages.every((message) => message.author.kind === 'bot'),
  };
}

/** A 5xx answer (a refused recipient, a rejected message) will not get better by retrying. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/** Where a queued retry keeps the mail it must send again, in the retry target's reference. */
const PINNED_MAIL = 'outgoingMail';

/** The mail a retry must send as it was composed the first time (same Message-ID, threading and subject), if any. */
export function pinnedMailOf(reference: JsonObject | undefined): ComposedEmail | undefined {
  const mail = reference?.[PINNED_MAIL];
  return mail && typeof mail === 'object' && !Array.isArray(mail) && typeof (mail as JsonObject).to === 'string' ? (mail as unknown as ComposedEmail) : undefined;
}

/** A reference that pins `mail` for the retry queue (see `sendFailure`). */
export function pinMail(reference: JsonObject, mail: ComposedEmail): JsonObject {
  return { ...reference, [PINNED_MAIL]: mail as unknown as JsonObject };
}

/**
 * What a failed SMTP send throws. A 5xx answer is permanent (`reason: 'smtp-rejected'`, never
 * retried); anything else (4xx, connection refused, timeout) is a `RetryableSendError` whose `retryReference` is the
 * reference with the composed mail pinned, so the shared send-retry queue sends exactly this mail
 * again, whichever process (or restart) picks it up.
 */
export function sendFailure(error: unknown, mail: ComposedEmail, reference: JsonObject): LockCareError {
  const code = (error as { responseCode?: number }).responseCode;
  const detail = error instanceof Error ? error.message : String(error);
  if (isPermanent(error)) {
    return new LockCareError('E_CHANNEL_SEND', `The mail server refused the mail for good (${code}): ${detail}`, { cause: error, details: { channel: 'email', reason: 'smtp-rejected', smtpCode: code } });
  }
  return new RetryableSendError('email', `The mail could not be sent now: ${detail}`, pinMail(reference, mail), { cause: error, ...(code ? { details: { smtpCode: code } } : {}) });
}

/**
 * Sends LockCare's mail through SMTP (nodemailer), one attempt each: a failure throws
 * (`sendFailure`), and the shared send-retry queue (`src/core/send-retry.ts`) retries the
 * temporary ones from the store.
 */
export class EmailSender {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly options: EmailSenderOptions) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
    this.domain = options.from.split('@')[1] ?? 'lockcare.invalid';
  }

  /**
   * Send outbound messages to a conversation, as one mail in its thread. A reference with a
   * pinned mail (a queued retry) sends that mail again, unchanged.
   */
  async send(target: ConversationTarget, messages: OutboundMessage[], reference: JsonObject): Promise<ComposedEmail> {
    const pinned = pinnedMailOf(reference);
    const mail = pinned ?? (await this.compose(target, messages, reference));
    try {
      await this.sendMail(mail);
    } catch (error) {
      throw sendFailure(error, mail, reference);
    }
    return mail;
  }

  private async compose(target: ConversationTarget, messages: OutboundMessage[], reference: JsonObject): Promise<ComposedEmail> {
    const handoffTicket = messages.map((message) => (message.reply.type === 'handoff' ? message.reply.ticketId : undefined)).find(Boolean);
    const ticketId = handoffTicket ?? (await this.options.ticketOf(conversationKey('email', target.conversationId)));
    const mail = composeEmail(messages, reference, { ...(ticketId ? { ticketId } : {}), domain: this.domain });
    await this.options.remember(mail.messageId, target.conversationId);
    return mail;
  }

  /** One SMTP attempt for one mail (agent notices use it directly); throws what nodemailer throws. */
  async sendMail(mail: Omit<ComposedEmail, 'messageId'> & { messageId?: string }): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references ? { references: mail.references } : {}),
      // The bot's mail is automatic: well-behaved auto-responders do not answer it (RFC 3834).
      ...(mail.automatic ? { headers: { 'Auto-Submitted': 'auto-replied' } } : {}),
    });
  }

  /** A fresh Message-ID on our domain. */
  newMessageId(): string {
    return `<${randomUUID()}@${this.domain}>`;
  }

  close(): void {
    this.transport.close();
  }
}
