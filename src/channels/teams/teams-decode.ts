import { z } from 'zod';
import type { InboundContent, JsonObject } from '../../core/types.js';
import { acceptMedia, contentFromIntake } from '../shared/media-intake.js';
import type { DecodeResult } from '../shared/decode-result.js';

/**
 * The Bot Framework Activity as Teams posts it to `/api/messages`, validated before anything
 * reads it. Only the fields LockCare uses are declared; the rest passes through untouched.
 * Schema: https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
 */
const ChannelAccount = z.looseObject({
  id: z.string().min(1).max(512),
  name: z.string().max(512).optional(),
  aadObjectId: z.string().max(128).optional(),
  role: z.string().max(64).optional(),
});

const Attachment = z.looseObject({
  contentType: z.string().min(1).max(256),
  contentUrl: z.string().max(4096).optional(),
  name: z.string().max(512).optional(),
  content: z.unknown().optional(),
});

export const TeamsActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(512).optional(),
  timestamp: z.string().optional(),
  localTimezone: z.string().max(64).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1).max(64),
  from: ChannelAccount,
  recipient: ChannelAccount,
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    conversationType: z.string().max(64).optional(),
    tenantId: z.string().max(128).optional(),
    isGroup: z.boolean().optional(),
  }),
  text: z.string().max(100_000).optional(),
  locale: z.string().max(35).optional(),
  value: z.unknown().optional(),
  attachments: z.array(Attachment).max(50).optional(),
  membersAdded: z.array(ChannelAccount).max(500).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().max(128) }).optional() }).optional(),
});

/** A Teams activity after validation (`TeamsActivitySchema`). */
export type TeamsActivity = z.infer<typeof TeamsActivitySchema>;

/** `welcome`: someone other than the bot joined (or installed the bot): greet them once. */
export type DecodedTeamsActivity = DecodeResult;

/** Teams file upload card: https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4 */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const FileDownloadContent = z.looseObject({ downloadUrl: z.string().max(4096), fileType: z.string().max(32).optional() });

/**
 * The value an answer button carries. Suggested actions send the title back as text (the core
 * matches it to the offered choice); Adaptive Card buttons send `{ choice }` as `activity.value`.
 */
const ChoiceValue = z.looseObject({ choice: z.string().min(1).max(200) });

/** What is needed to write to this conversation later (agent replies, SLA notices), as plain JSON. */
export function conversationReferenceOf(activity: TeamsActivity): JsonObject {
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversation: {
      id: activity.conversation.id,
      ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
      ...(tenantId ? { tenantId } : {}),
    },
    agent: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
    user: { id: activity.from.id, ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) },
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** Teams prefixes text with `<at>Bot</at>` when the bot is @mentioned in a chat or channel. */
function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim();
}

/** Teams names an uploaded file's type by extension (`fileType`). */
const FILE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', heic: 'image/heic', webp: 'image/webp',
  mp4: 'video/mp4', mov: 'video/quicktime', m4a: 'audio/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', pdf: 'application/pdf',
};

/**
 * Media the user sent, through the shared intake policy (type-checked; Teams announces no size).
 * Teams adds a `text/html` copy of every message text, which is not media; inline pictures
 * arrive as `image/*` with a connector URL, uploaded files as a `file.download.info` card.
 */
function mediaOf(activity: TeamsActivity, maxBytes: number): InboundContent | undefined {
  for (const attachment of activity.attachments ?? []) {
    const type = attachment.contentType.toLowerCase();
    if (type === 'text/html' || type.startsWith('application/vnd.microsoft.card.')) continue;
    if (type === FILE_DOWNLOAD_INFO) {
      const content = FileDownloadContent.safeParse(attachment.content);
      if (!content.success) continue;
      const fileType = content.data.fileType?.toLowerCase();
      return contentFromIntake(
        acceptMedia(
          { platformType: fileType ? `file:${fileType}` : 'file', mimeType: fileType ? FILE_TYPES[fileType] : undefined, fileName: attachment.name, url: content.data.downloadUrl },
          { maxBytes },
        ),
      );
    }
    return contentFromIntake(acceptMedia({ platformType: type, mimeType: type, fileName: attachment.name, url: attachment.contentUrl }, { maxBytes }));
  }
  return undefined;
}

function contentOf(activity: TeamsActivity, maxBytes: number): InboundContent {
  const text = stripMentions(activity.text ?? '');
  const choice = ChoiceValue.safeParse(activity.value);
  if (choice.success) return { type: 'choice', value: choice.data.choice, ...(text ? { text } : {}) };
  const media = mediaOf(activity, maxBytes);
  if (media?.type === 'media') return text ? { ...media, text, media: { ...media.media, caption: text } } : media;
  if (text) return { type: 'text', text };
  if (media) return media;
  const other = activity.attachments?.find((attachment) => attachment.contentType !== 'text/html');
  return { type: 'unsupported', platformType: other?.contentType ?? 'empty-message' };
}

/** Turn a validated activity into what the core understands, or say why it is ignored. */
export function decodeTeamsActivity(activity: TeamsActivity, receivedAt: Date, mediaMaxBytes: number): DecodedTeamsActivity {
  const base = {
    channel: 'teams' as const,
    conversationId: activity.conversation.id,
    user: { id: activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}) },
    ...(activity.locale ? { localeHint: activity.locale } : {}),
    ...(activity.localTimezone ? { timeZone: activity.localTimezone } : {}),
    receivedAt,
    reference: conversationReferenceOf(activity),
  };
  if (activity.type === 'message') {
    if (!activity.id) return { kind: 'ignored', reason: 'message without id' };
    if (activity.from.id === activity.recipient.id) return { kind: 'ignored', reason: 'own message' };
    // Activity ids are unique within a conversation, not across Teams.
    return { kind: 'message', message: { ...base, platformMessageId: `${activity.conversation.id}|${activity.id}`, content: contentOf(activity, mediaMaxBytes) } };
  }
  if (activity.type === 'conversationUpdate') {
    const others = (activity.membersAdded ?? []).filter((member) => member.id !== activity.recipient.id);
    if (others.length === 0) return { kind: 'ignored', reason: 'no member other than the bot joined' };
    // In a personal chat the one other member is the user; in a team, greet the conversation.
    const user = others[0]!;
    return {
      kind: 'welcome',
      message: {
        ...base,
        user: { id: user.id, ...(user.name ? { name: user.name } : {}) },
        // One welcome per conversation, however often Teams repeats the update.
        platformMessageId: `welcome|${activity.conversation.id}`,
        content: { type: 'text', text: '' },
      },
    };
  }
  return { kind: 'ignored', reason: `activity type ${activity.type}` };
}
