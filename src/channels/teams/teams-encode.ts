import type { ChannelCapabilities, Choice } from '../../core/types.js';
import type { RenderedMessage } from '../shared/render.js';

/** What Teams can show: buttons (suggested actions / Adaptive Cards), media, about 28 KB per message. */
export const TEAMS_CAPABILITIES: ChannelCapabilities = {
  choices: true,
  media: true,
  // Teams caps a message at ~28 KB including markup; 4000 characters keeps Arabic (2 bytes/char) well under it.
  maxTextLength: 4000,
  proactive: true,
};

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** An outgoing Bot Framework message activity (the fields LockCare sets). */
export interface TeamsOutgoingActivity {
  type: 'message';
  text?: string;
  locale?: string;
  attachments?: Array<{ contentType: string; contentUrl?: string; name?: string; content?: unknown }>;
  suggestedActions?: { to?: string[]; actions: Array<{ type: 'imBack'; title: string; value: string }> };
}

export interface TeamsEncodeOptions {
  /** `conversation.conversationType`: `personal`, `groupChat` or `channel`. */
  conversationType?: string;
  /** The user's id, so suggested actions show only to them. */
  userId?: string;
}

/**
 * Choices in a personal chat become suggested actions: `imBack` buttons that post the option's
 * title as the user's own message (what Teams shows in the chat); the core maps the title back to
 * the offered choice. Suggested actions are not shown in group chats and channels, so there the
 * choices travel in an Adaptive Card whose `Action.Submit` carries the exact value
 * (`activity.value.choice`) and shows the title as the user's reply (`msteams.messageBack`).
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/prompt-suggestions
 */
function choicesFor(choices: Choice[], dir: 'ltr' | 'rtl', options: TeamsEncodeOptions): Partial<TeamsOutgoingActivity> {
  if (!options.conversationType || options.conversationType === 'personal') {
    return {
      suggestedActions: {
        ...(options.userId ? { to: [options.userId] } : {}),
        actions: choices.map((choice) => ({ type: 'imBack', title: choice.title, value: choice.title })),
      },
    };
  }
  return {
    attachments: [
      {
        contentType: ADAPTIVE_CARD,
        content: {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          ...(dir === 'rtl' ? { rtl: true } : {}),
          body: [],
          actions: choices.map((choice) => ({
            type: 'Action.Submit',
            title: choice.title,
            data: { choice: choice.value, msteams: { type: 'messageBack', displayText: choice.title } },
          })),
        },
      },
    ],
  };
}

/** Encode rendered replies as Teams message activities. Text is passed through as written (RTL intact). */
export function encodeTeamsActivities(messages: readonly RenderedMessage[], options: TeamsEncodeOptions = {}): TeamsOutgoingActivity[] {
  return messages.map((message) => {
    if (message.kind === 'media') {
      const { media } = message;
      const contentUrl = media.url ?? (media.dataBase64 && media.mimeType ? `data:${media.mimeType};base64,${media.dataBase64}` : undefined);
      return {
        type: 'message',
        locale: message.language,
        ...(message.caption ? { text: message.caption } : {}),
        ...(contentUrl
          ? { attachments: [{ contentType: media.mimeType ?? 'application/octet-stream', contentUrl, ...(media.fileName ? { name: media.fileName } : {}) }] }
          : {}),
      };
    }
    return {
      type: 'message',
      text: message.text,
      locale: message.language,
      ...(message.choices && message.choices.length > 0 ? choicesFor(message.choices, message.dir, options) : {}),
    };
  });
}
