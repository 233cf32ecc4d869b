import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import type { InboundContent, InboundMessage, JsonObject } from '../../core/types.js';
import type { DecodeResult } from '../shared/decode-result.js';
import { acceptMedia, contentFromIntake, type MediaIntake } from '../shared/media-intake.js';
import { baseSubject, stripQuotedReply, ticketIdInSubject } from './email-reply-text.js';

export type EmailIgnoreReason = 'automated' | 'mailing-list' | 'bounce' | 'own-mail' | 'no-sender' | 'empty';

/** What threads a mail: its own id, the ids it answers (In-Reply-To, References) and a ticket id in the subject. */
export interface EmailThreadHints {
  messageId: string;
  /** In-Reply-To first, then References newest first. */
  related: string[];
  /** The thread's first message (References' first id), or the mail itself. */
  root: string;
  ticketId?: string;
}

export interface EmailDecodeOptions {
  /** EMAIL_FROM: mail from it is ours and never answered. */
  ourAddress?: string;
  /** MEDIA_MAX_BYTES. */
  mediaMaxBytes: number;
  /** MAX_MESSAGE_LENGTH. */
  maxLength: number;
  receivedAt: Date;
  /** The conversation a mail belongs to (see `EmailThreads`). */
  conversationOf(hints: EmailThreadHints): Promise<string>;
}

/** A conversation id for a thread that has none yet: derived from its first message's id. */
export function conversationIdOfRoot(root: string): string {
  return createHash('sha256').update(root.toLowerCase()).digest('base64url').slice(0, 24);
}

const header = (mail: ParsedMail, name: string): string | undefined => mail.headerLines.find((line) => line.key === name)?.line.slice(name.length + 1).trim();
const ids = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((id) => id.trim()).filter(Boolean);

/**
 * Why a mail must not be answered (auto-replies, bounces, mailing lists, our own mail), or
 * undefined for a person's mail. Answering any of these risks a mail loop.
 */
export function automatedReason(mail: ParsedMail, ourAddress: string | undefined): EmailIgnoreReason | undefined {
  const from = mail.from?.value[0]?.address?.toLowerCase();
  if (!from) return 'no-sender';
  if (ourAddress && from === ourAddress.toLowerCase()) return 'own-mail';
  if (/^(mailer-daemon|postmaster)@/i.test(from) || header(mail, 'return-path') === '<>') return 'bounce';
  if (/multipart\/report/i.test(header(mail, 'content-type') ?? '')) return 'bounce';
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no') return 'automated';
  if (/^(bulk|junk|list|auto_reply)$/i.test(header(mail, 'precedence') ?? '')) return 'automated';
  if (mail.headerLines.some((line) => ['x-autoreply', 'x-autorespond', 'x-auto-reply'].includes(line.key))) return 'automated';
  if (mail.headerLines.some((line) => line.key.startsWith('list-'))) return 'mailing-list';
  return undefined;
}

/** The thread hints of a parsed mail. A mail without a Message-ID gets one from its bytes, so a re-read is still a duplicate. */
export function threadHintsOf(mail: ParsedMail, raw: Buffer | string): EmailThreadHints {
  const messageId = mail.messageId?.trim() || `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@lockcare.invalid>`;
  const references = ids(mail.references);
  const related = [...new Set([...ids(mail.inReplyTo), ...[...references].reverse()])];
  const ticketId = ticketIdInSubject(mail.subject);
  return { messageId, related, root: references[0] ?? related[0] ?? messageId, ...(ticketId ? { ticketId } : {}) };
}

/** One attachment through the shared media checks: its size first, then (when it may be taken) with its bytes. */
function intakeOf(file: Attachment, maxBytes: number): MediaIntake {
  const candidate = { platformType: 'email-attachment', mimeType: file.contentType, sizeBytes: file.size, ...(file.filename ? { fileName: file.filename } : {}) };
  const intake = acceptMedia(candidate, { maxBytes });
  return intake.accepted ? acceptMedia({ ...candidate, dataBase64: file.content.toString('base64') }, { maxBytes }) : intake;
}

/**
 * Decode one raw mail (RFC 5322 bytes as IMAP delivers them) into a customer message: the new
 * text only (quoted history and signature stripped, HTML-only mail reduced to text by mailparser),
 * the subject in front on a thread's first mail, every attachment through the shared media
 * intake (the first as the message's media, the others in `more`), and everything needed to answer in the thread later in `reference`.
 */
export async function decodeEmail(raw: Buffer | string, options: EmailDecodeOptions): Promise<DecodeResult<EmailIgnoreReason>> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const reason = automatedReason(mail, options.ourAddress);
  if (reason) return { kind: 'ignored', reason, detail: mail.messageId };
  const sender = mail.from!.value[0]!;
  const address = sender.address!.toLowerCase();
  const hints = threadHintsOf(mail, raw);
  const body = stripQuotedReply(mail.text ?? '');
  const subject = baseSubject(mail.subject);
  const firstOfThread = hints.related.length === 0 && !hints.ticketId;
  const text = (firstOfThread && subject ? `${subject}\n\n${body}` : body || subject).slice(0, options.maxLength).trim();

  let content: InboundContent | undefined = text ? { type: 'text', text } : undefined;
  const files = mail.attachments.filter((file) => !file.related).map((file) => intakeOf(file, options.mediaMaxBytes));
  // Files LockCare does not take (a .docx) leave the text to be answered; the ticket notes nothing.
  const [first, ...more] = files.flatMap((intake) => (intake.accepted || intake.reason === 'too-large' ? [intake.media] : []));
  if (first) content = { type: 'media', media: first, ...(text ? { text } : {}), ...(more.length > 0 ? { more } : {}) };
  else if (!content && files[0]) content = contentFromIntake(files[0]);
  if (!content) return { kind: 'ignored', reason: 'empty', detail: hints.messageId };

  const reference: JsonObject = {
    address,
    ...(sender.name ? { name: sender.name } : {}),
    subject: subject.slice(0, 200),
    messageId: hints.messageId,
    // The thread's ids, oldest first, capped (References grow with every reply).
    references: [...[...hints.related].reverse(), hints.messageId].slice(-20),
  };
  const message: InboundMessage = {
    channel: 'email',
    conversationId: await options.conversationOf(hints),
    user: { id: address, email: address, ...(sender.name ? { name: sender.name } : {}) },
    platformMessageId: hints.messageId,
    content,
    receivedAt: options.receivedAt,
    reference,
  };
  return { kind: 'message', message };
}
