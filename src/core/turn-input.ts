import { matchChoice } from './choice-match.js';
import type { TurnInput } from './dialog.js';
import { languageFromLocale } from './language.js';
import { conversationKey, type ConversationState, type InboundMessage } from './types.js';

/** The state of a conversation's first turn: the locale hint's language, or English. */
export function newConversationState(message: InboundMessage, now: Date): ConversationState {
  const hinted = languageFromLocale(message.localeHint);
  return {
    key: conversationKey(message.channel, message.conversationId),
    channel: message.channel,
    conversationId: message.conversationId,
    user: { id: message.user.id },
    language: hinted ?? 'en',
    languageSource: hinted ? 'hint' : 'default',
    mode: 'bot',
    stack: [],
    facts: {},
    misunderstood: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    greeted: false,
  };
}

/** The message as dialogs see it: typed "2", "dos" or an option's words become that choice. */
export function turnInputOf(message: InboundMessage, state: ConversationState, maxMessageLength: number): TurnInput {
  const content = message.content;
  switch (content.type) {
    case 'text': {
      const text = content.text.slice(0, maxMessageLength);
      const choice = state.lastChoices ? matchChoice(text, state.lastChoices) : undefined;
      return choice ? { kind: 'choice', text, value: choice.value } : { kind: 'text', text };
    }
    case 'choice':
      return { kind: 'choice', text: content.text ?? content.value, value: content.value };
    case 'media':
      return { kind: 'media', text: content.text ?? content.media.caption ?? '', media: content.media, ...(content.more?.length ? { moreMedia: content.more } : {}) };
    default:
      return { kind: 'unsupported', text: '' };
  }
}
