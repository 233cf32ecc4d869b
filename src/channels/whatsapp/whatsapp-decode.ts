import { z } from 'zod';
import type { InboundContent, InboundMessage } from '../../core/types.js';
import { languageHintFromPhone, phoneDigits } from '../shared/language-hint.js';
import { acceptMedia, contentFromIntake, type MediaCandidate } from '../shared/media-intake.js';
import type { WhatsappMessageLike } from './whatsapp-client.js';
import type { DecodeResult } from '../shared/decode-result.js';

/**
 * The fields of a whatsapp-web.js `Message` LockCare reads
 * (https://docs.wwebjs.dev/Message.html), validated before anything is mapped. Unknown fields
 * are ignored; a message missing these is logged and dropped.
 */
export const WhatsappWebMessageSchema = z.object({
  id: z.object({ _serialized: z.string().min(1), fromMe: z.boolean().optional(), remote: z.string().optional() }),
  from: z.string().min(1),
  author: z.string().nullish(),
  body: z.string().nullish(),
  type: z.string().min(1),
  timestamp: z.number().nullish(),
  fromMe: z.boolean().nullish(),
  isStatus: z.boolean().nullish(),
  broadcast: z.boolean().nullish(),
  hasMedia: z.boolean().nullish(),
  location: z
    .object({ latitude: z.coerce.number(), longitude: z.coerce.number(), description: z.string().nullish(), name: z.string().nullish() })
    .nullish(),
  selectedButtonId: z.string().nullish(),
  selectedRowId: z.string().nullish(),
  _data: z
    .object({
      notifyName: z.string().nullish(),
      mimetype: z.string().nullish(),
      size: z.number().nullish(),
      filename: z.string().nullish(),
      caption: z.string().nullish(),
      isStatusV3: z.boolean().nullish(),
    })
    .nullish(),
});
export type WhatsappWebMessage = z.infer<typeof WhatsappWebMessageSchema>;

export type WhatsappIgnoreReason = 'invalid' | 'status' | 'own' | 'group' | 'broadcast' | 'system';

export type WhatsappDecodeResult = DecodeResult<WhatsappIgnoreReason>;

export interface WhatsappDecodeOptions {
  /** `config.whatsapp.allowGroups`. */
  allowGroups: boolean;
  /** `config.outbound.mediaMaxBytes`: larger files are never downloaded. */
  mediaMaxBytes: number;
  /** When the platform gives no timestamp. */
  now: Date;
  /** Resolve a `@lid` sender (hidden number) to a phone number, when the client can. */
  resolvePhone?: (userId: string) => Promise<string | undefined>;
}

const MEDIA_TYPES = new Set(['image', 'video', 'ptt', 'audio', 'document']);
/** Protocol and notification events that are not a customer writing: never answered. */
const SYSTEM_TYPES = new Set([
  'e2e_notification', 'notification', 'notification_template', 'gp2', 'protocol', 'ciphertext', 'revoked',
  'reaction', 'broadcast_notification', 'debug', 'group_notification', 'pin_message', 'keep_in_chat',
]);

/**
 * Decode a whatsapp-web.js message into an `InboundMessage`: text, list/button replies (choice
 * values), photos, voice notes, videos, documents and locations; anything else becomes
 * "unsupported". Status broadcasts, own messages and (unless allowed) groups are ignored.
 * Media is downloaded with `msg.downloadMedia()` only when type and announced size pass the
 * intake policy.
 */
export async function decodeWhatsappMessage(raw: WhatsappMessageLike, options: WhatsappDecodeOptions): Promise<WhatsappDecodeResult> {
  const parsed = WhatsappWebMessageSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: 'invalid', detail: parsed.error.issues.map((issue) => issue.path.join('.')).join(', ') };
  const msg = parsed.data;

  if (msg.isStatus || msg._data?.isStatusV3 || msg.from === 'status@broadcast' || msg.id.remote === 'status@broadcast') return { kind: 'ignored', reason: 'status' };
  if (msg.fromMe || msg.id.fromMe) return { kind: 'ignored', reason: 'own' };
  if (msg.from.endsWith('@broadcast') || msg.from.endsWith('@newsletter')) return { kind: 'ignored', reason: 'broadcast' };
  const isGroup = msg.from.endsWith('@g.us');
  if (isGroup && !options.allowGroups) return { kind: 'ignored', reason: 'group' };
  if (SYSTEM_TYPES.has(msg.type)) return { kind: 'ignored', reason: 'system', detail: msg.type };

  const senderId = isGroup ? (msg.author ?? msg.from) : msg.from;
  let phone = senderId.endsWith('@c.us') ? phoneDigits(senderId) : undefined;
  if (!phone && senderId.endsWith('@lid') && options.resolvePhone) phone = phoneDigits(await options.resolvePhone(senderId).catch(() => undefined));
  const name = msg._data?.notifyName ?? undefined;
  const localeHint = languageHintFromPhone(phone);
  // E.164 ("+34612345678"): what agents read, and what the warranty check compares with the registry.
  if (phone) phone = `+${phone}`;

  const message: InboundMessage = {
    channel: 'whatsapp',
    conversationId: msg.from,
    user: { id: senderId, ...(name ? { name } : {}), ...(phone ? { phone } : {}) },
    platformMessageId: msg.id._serialized,
    content: await decodeContent(raw, msg, options),
    ...(localeHint ? { localeHint } : {}),
    receivedAt: msg.timestamp ? new Date(msg.timestamp * 1000) : options.now,
    reference: { chatId: msg.from },
  };
  return { kind: 'message', message };
}

async function decodeContent(raw: WhatsappMessageLike, msg: WhatsappWebMessage, options: WhatsappDecodeOptions): Promise<InboundContent> {
  const body = msg.body ?? '';
  switch (msg.type) {
    case 'chat':
      return body.trim() ? { type: 'text', text: body } : { type: 'unsupported', platformType: 'chat:empty' };
    case 'list_response':
      return choiceOrText(msg.selectedRowId, body);
    case 'buttons_response':
    case 'template_button_reply':
      return choiceOrText(msg.selectedButtonId, body);
    case 'location': {
      const location = msg.location;
      if (!location || !Number.isFinite(location.latitude) || !Number.isFinite(location.longitude)) return { type: 'unsupported', platformType: 'location' };
      const caption = location.description ?? location.name ?? undefined;
      return {
        type: 'media',
        media: { kind: 'location', latitude: location.latitude, longitude: location.longitude, ...(caption ? { caption } : {}) },
        ...(caption ? { text: caption } : {}),
      };
    }
    default:
      if (!MEDIA_TYPES.has(msg.type)) return { type: 'unsupported', platformType: msg.type };
      return decodeMedia(raw, msg, options);
  }
}

function choiceOrText(value: string | null | undefined, body: string): InboundContent {
  if (value) return { type: 'choice', value, ...(body ? { text: body } : {}) };
  return body.trim() ? { type: 'text', text: body } : { type: 'unsupported', platformType: 'reply:empty' };
}

async function decodeMedia(raw: WhatsappMessageLike, msg: WhatsappWebMessage, options: WhatsappDecodeOptions): Promise<InboundContent> {
  const caption = (msg._data?.caption ?? msg.body ?? '').trim();
  const announced: MediaCandidate = {
    platformType: msg.type,
    // Voice notes are Opus in Ogg even when the announced type is missing.
    mimeType: msg._data?.mimetype ?? (msg.type === 'ptt' ? 'audio/ogg; codecs=opus' : undefined),
    ...(msg._data?.size ? { sizeBytes: msg._data.size } : {}),
    ...(msg._data?.filename ? { fileName: msg._data.filename } : {}),
    ...(caption ? { caption } : {}),
  };
  const policy = { maxBytes: options.mediaMaxBytes };
  const first = acceptMedia(announced, policy);
  if (!first.accepted || !msg.hasMedia || typeof raw.downloadMedia !== 'function') return contentFromIntake(first);

  const downloaded = await raw.downloadMedia().catch(() => undefined);
  // Expired or failed download: the agent still sees what was sent.
  if (!downloaded?.data) return contentFromIntake(first);
  return contentFromIntake(
    acceptMedia(
      {
        ...announced,
        mimeType: downloaded.mimetype || announced.mimeType,
        ...(downloaded.filename ? { fileName: downloaded.filename } : {}),
        sizeBytes: downloaded.filesize ?? Math.floor((downloaded.data.replace(/=+$/, '').length * 3) / 4),
        dataBase64: downloaded.data,
      },
      policy,
    ),
  );
}
