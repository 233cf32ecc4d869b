import { z } from 'zod';
import type { InboundContent, InboundMessage } from '../../core/types.js';
import type { DecodeResult } from '../shared/decode-result.js';
import { languageHintFromPhone } from '../shared/language-hint.js';
import { acceptMedia, contentFromIntake, type MediaCandidate } from '../shared/media-intake.js';

/**
 * WhatsApp Business Cloud API webhooks, validated with zod first. One POST may carry several
 * messages and delivery statuses. Shapes as documented by Meta:
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
 */
const MediaSchema = z.looseObject({ id: z.string().min(1), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), file_size: z.number().optional() });

export const CloudMessageSchema = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/),
  type: z.string().min(1),
  /** The message this one replies to (a quick reply names the template it came from). */
  context: z.looseObject({ id: z.string().optional(), from: z.string().optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  /** A tap on a template's quick-reply button. */
  button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
  image: MediaSchema.optional(),
  document: MediaSchema.optional(),
  audio: MediaSchema.optional(),
  video: MediaSchema.optional(),
  sticker: MediaSchema.optional(),
});
export type CloudMessage = z.infer<typeof CloudMessageSchema>;

export const CloudStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed', 'deleted']),
  timestamp: z.string(),
  recipient_id: z.string(),
  errors: z.array(z.looseObject({ code: z.number(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type CloudStatus = z.infer<typeof CloudStatusSchema>;

export const CloudWebhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(
        z.looseObject({
          field: z.string(),
          value: z.looseObject({
            messaging_product: z.literal('whatsapp').optional(),
            metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
            contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
            messages: z.array(CloudMessageSchema).optional(),
            statuses: z.array(CloudStatusSchema).optional(),
          }),
        }),
      ),
    }),
  ),
});
export type CloudWebhook = z.infer<typeof CloudWebhookSchema>;

/** One customer message with the sender's profile name and the business number it reached. */
export interface CloudInbound {
  message: CloudMessage;
  name?: string;
  phoneNumberId?: string;
}

/** Every message and status a webhook carries, in order. */
export function splitCloudWebhook(body: CloudWebhook): { messages: CloudInbound[]; statuses: CloudStatus[] } {
  const messages: CloudInbound[] = [];
  const statuses: CloudStatus[] = [];
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const { value } = change;
      for (const message of value.messages ?? []) {
        const name = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name;
        messages.push({ message, ...(name ? { name } : {}), ...(value.metadata ? { phoneNumberId: value.metadata.phone_number_id } : {}) });
      }
      statuses.push(...(value.statuses ?? []));
    }
  }
  return { messages, statuses };
}

export const CLOUD_MEDIA_TYPES = ['image', 'document', 'audio', 'video'] as const;
type CloudMediaType = (typeof CLOUD_MEDIA_TYPES)[number];

/** The media a message announces (id, type, size if given), or null for any other message. */
export function cloudMediaOf(message: CloudMessage): (MediaCandidate & { mediaId: string }) | null {
  const type = (CLOUD_MEDIA_TYPES as readonly string[]).includes(message.type) ? (message.type as CloudMediaType) : null;
  const media = type ? message[type] : undefined;
  if (!type || !media) return null;
  return {
    mediaId: media.id,
    platformType: type,
    ...(media.mime_type ? { mimeType: media.mime_type } : {}),
    ...(media.file_size !== undefined ? { sizeBytes: media.file_size } : {}),
    ...(media.filename ? { fileName: media.filename } : {}),
    ...(media.caption ? { caption: media.caption } : {}),
  };
}

/** Downloaded bytes of a message's media, fetched by the channel before decoding. */
export interface DownloadedMedia {
  mimeType?: string;
  dataBase64: string;
  sizeBytes: number;
}

/**
 * A Cloud API message → an InboundMessage. Text and interactive replies (`button_reply`,
 * `list_reply` → the choice's value; a template's quick reply → its payload); media through the
 * shared intake (`downloaded` when the channel fetched it, else described as too large or
 * unsupported); location, contacts, stickers, reactions → "unsupported".
 */
export function decodeCloudMessage(inbound: CloudInbound, mediaMaxBytes: number, downloaded?: DownloadedMedia): DecodeResult<'no-content'> {
  const { message } = inbound;
  const content = contentOf(message, mediaMaxBytes, downloaded);
  if (!content) return { kind: 'ignored', reason: 'no-content', detail: message.type };
  const localeHint = languageHintFromPhone(`+${message.from}`);
  const decoded: InboundMessage = {
    channel: 'whatsapp-cloud',
    conversationId: message.from,
    user: { id: message.from, phone: `+${message.from}`, ...(inbound.name ? { name: inbound.name } : {}) },
    platformMessageId: message.id,
    content,
    ...(localeHint ? { localeHint } : {}),
    receivedAt: new Date(Number(message.timestamp) * 1000),
    reference: { waId: message.from, ...(inbound.phoneNumberId ? { phoneNumberId: inbound.phoneNumberId } : {}) },
  };
  return { kind: 'message', message: decoded };
}

function contentOf(message: CloudMessage, mediaMaxBytes: number, downloaded?: DownloadedMedia): InboundContent | null {
  if (message.type === 'text') return message.text?.body.trim() ? { type: 'text', text: message.text.body } : null;
  if (message.type === 'interactive') {
    const picked = message.interactive?.button_reply ?? message.interactive?.list_reply;
    return picked ? { type: 'choice', value: picked.id, text: picked.title } : { type: 'unsupported', platformType: `interactive:${message.interactive?.type ?? '?'}` };
  }
  if (message.type === 'button' && message.button) return { type: 'text', text: message.button.text };
  const media = cloudMediaOf(message);
  if (media) {
    const { mediaId: _id, ...candidate } = media;
    const withBytes = downloaded ? { ...candidate, ...(downloaded.mimeType ? { mimeType: downloaded.mimeType } : {}), dataBase64: downloaded.dataBase64, sizeBytes: downloaded.sizeBytes } : candidate;
    return contentFromIntake(acceptMedia(withBytes, { maxBytes: mediaMaxBytes }));
  }
  return { type: 'unsupported', platformType: message.type };
}
