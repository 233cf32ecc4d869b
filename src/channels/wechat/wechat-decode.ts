import { types, type Message as WechatMessage } from 'wechaty';
import type { InboundContent, JsonObject } from '../../core/types.js';
import { acceptMedia, contentFromIntake } from '../shared/media-intake.js';
import type { DecodeResult } from '../shared/decode-result.js';

/** The file of a media message, as Wechaty hands it out (`message.toFileBox()`). */
type WechatFileBox = Awaited<ReturnType<WechatMessage['toFileBox']>>;

export interface WechatDecodeOptions {
  /** Answer in rooms (group chats) too, when the bot is @mentioned (`WECHATY_ALLOW_ROOMS`). */
  allowRooms: boolean;
  /** `MEDIA_MAX_BYTES`: larger files are not downloaded. */
  mediaMaxBytes: number;
  receivedAt: Date;
}

export type DecodedWechatMessage = DecodeResult;

/** The MIME type a message type implies when the puppet reports only `application/octet-stream`. */
const TYPE_MIME: Partial<Record<types.Message, string>> = {
  [types.Message.Image]: 'image/jpeg',
  // WeChat voice notes are SILK-encoded.
  [types.Message.Audio]: 'audio/silk',
  [types.Message.Video]: 'video/mp4',
};

/** What is needed to write to this chat later: the contact id, or the room id in a group chat. */
export function wechatReferenceOf(message: WechatMessage): JsonObject {
  const room = message.room();
  return room ? { roomId: room.id } : { contactId: message.talker().id };
}

async function mediaContent(message: WechatMessage, platformType: string, maxBytes: number): Promise<InboundContent> {
  let file: WechatFileBox;
  try {
    file = await message.toFileBox();
  } catch {
    return { type: 'unsupported', platformType: `${platformType}:unavailable` };
  }
  const generic = !file.mediaType || file.mediaType === 'application/octet-stream';
  const mimeType = generic ? TYPE_MIME[message.type()] : file.mediaType;
  const candidate = { platformType, mimeType, fileName: file.name, ...(file.size > 0 ? { sizeBytes: file.size } : {}) };
  // Check type and announced size before downloading, then the real size after.
  const before = acceptMedia(candidate, { maxBytes });
  if (!before.accepted) return contentFromIntake(before);
  const data = await file.toBuffer();
  return contentFromIntake(acceptMedia({ ...candidate, sizeBytes: data.length, dataBase64: data.toString('base64') }, { maxBytes }));
}

async function contentOf(message: WechatMessage, maxBytes: number): Promise<InboundContent> {
  const type = message.type();
  const platformType = types.Message[type]?.toLowerCase() ?? `type-${type}`;
  switch (type) {
    case types.Message.Text: {
      const text = (message.room() ? await message.mentionText() : message.text()).trim();
      return text ? { type: 'text', text } : { type: 'unsupported', platformType: 'empty-text' };
    }
    case types.Message.Image:
    case types.Message.Audio:
    case types.Message.Video:
    case types.Message.Attachment:
      return mediaContent(message, platformType, maxBytes);
    case types.Message.Location: {
      // `message.toLocation()` builds an un-wechatified Location in wechaty 1.20 and throws
      // ("Wechaty User Class can not be instantiated directly"), so ask the puppet for the payload.
      const location = await message.wechaty.puppet.messageLocation(message.id);
      return {
        type: 'media',
        media: { kind: 'location', latitude: location.latitude, longitude: location.longitude, caption: location.address || location.name },
      };
    }
    default:
      // Stickers (Emoticon), links, mini programs, contact cards, transfers, red envelopes, recalls...
      return { type: 'unsupported', platformType };
  }
}

/**
 * Validate and decode one Wechaty message. Own messages (`message.self()`) and, unless allowed,
 * rooms are ignored; in an allowed room only messages that @mention the bot are answered.
 */
export async function decodeWechatMessage(message: WechatMessage, options: WechatDecodeOptions): Promise<DecodedWechatMessage> {
  if (message.self()) return { kind: 'ignored', reason: 'own message' };
  const room = message.room();
  if (room) {
    if (!options.allowRooms) return { kind: 'ignored', reason: 'room' };
    if (!(await message.mentionSelf())) return { kind: 'ignored', reason: 'room message not addressed to the bot' };
  }
  if (!message.id) return { kind: 'ignored', reason: 'message without id' };
  const talker = message.talker();
  if (!talker?.id) return { kind: 'ignored', reason: 'message without talker' };
  const name = talker.name();
  return {
    kind: 'message',
    message: {
      channel: 'wechat',
      conversationId: room ? room.id : talker.id,
      user: { id: talker.id, ...(name ? { name } : {}) },
      platformMessageId: message.id,
      content: await contentOf(message, options.mediaMaxBytes),
      receivedAt: options.receivedAt,
      reference: wechatReferenceOf(message),
    },
  };
}
