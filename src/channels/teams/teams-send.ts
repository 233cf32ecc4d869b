import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import { z } from 'zod';
import { conversationKey, type ChannelCapabilities, type Choice, type ConversationTarget, type OutboundMessage } from '../../core/types.js';
import { ChannelSendError, LockCareError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import { ContactGuard } from '../shared/contact-guard.js';
import { OutboundPacer } from '../shared/outbound-pacer.js';
import { sendRendered } from '../shared/receive.js';
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

/** The stored conversation reference (see `conversationReferenceOf`), checked before a proactive send. */
const StoredReference = z.looseObject({
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional() }),
  agent: z.looseObject({ id: z.string().min(1) }).optional(),
  user: z.looseObject({ id: z.string().min(1) }).optional(),
});

/** What Teams sends: replies in the turn, and agent replies and notices later with the stored reference. */
export class TeamsSender {
  readonly guard: ContactGuard;
  private readonly pacer: OutboundPacer;

  constructor(private readonly ctx: SetupContext) {
    this.pacer = new OutboundPacer({ minIntervalMs: ctx.config.outbound.minIntervalMs });
    this.guard = new ContactGuard(ctx.store, ctx.clock, { ttlMs: ctx.config.conversation.ttlMs });
  }

  /** Render, encode and send in order, paced per conversation, on `context`. */
  async sendInTurn(context: TurnContext, key: string, messages: OutboundMessage[], options: TeamsEncodeOptions): Promise<void> {
    await sendRendered(messages, { capabilities: TEAMS_CAPABILITIES, pacer: this.pacer, chatKey: key }, (rendered) =>
      context.sendActivity(Activity.fromObject(encodeTeamsActivities([rendered], options)[0]!)),
    );
  }

  /** Agent replies and notices: `continueConversation` with the stored reference, also after a restart. */
  async sendProactive(cloud: CloudAdapter | undefined, target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    if (!cloud) throw new ChannelSendError('teams', new Error('the Teams channel is not running'));
    const key = conversationKey('teams', target.conversationId);
    const stored = target.reference ?? (await this.ctx.core().getState(key))?.reference;
    const reference = StoredReference.safeParse(stored);
    if (!reference.success) {
      throw new LockCareError('E_CHANNEL_SEND', 'Not sent: no Teams conversation reference is stored for this conversation', {
        details: { channel: 'teams', reason: 'no-reference' },
      });
    }
    await this.guard.assertMayWrite('teams', target.conversationId);
    const options = { conversationType: reference.data.conversation.conversationType, userId: reference.data.user?.id };
    // The app id when authenticated; an empty identity makes the SDK use an anonymous connector client.
    const identity = this.ctx.config.teams.appId ?? {};
    let failure: unknown;
    await cloud.continueConversation(identity, reference.data as unknown as ConversationReference, async (context) => {
      // A proactive message starts a new message in the chat instead of replying to the continuation event:
      // POST {serviceUrl}/v3/conversations/{id}/activities.
      context.onSendActivities(async (_context, outgoing, next) => {
        for (const activity of outgoing) activity.replyToId = undefined;
        return next();
      });
      try {
        await this.sendInTurn(context, key, messages, options);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure instanceof LockCareError ? failure : new ChannelSendError('teams', failure);
  }

  stop(): void {
    this.pacer.stop();
  }
}
