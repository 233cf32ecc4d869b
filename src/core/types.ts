/**
 * Channel-neutral types of the conversation core. Nothing here knows about WhatsApp, WeChat
 * or Teams: adapters translate their wire types (`WhatsappWebMessage`, `TeamsActivity`, ...)
 * into these and back.
 */

export const LANGUAGES = ['en', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export const CHANNEL_NAMES = ['web', 'terminal', 'whatsapp', 'whatsapp-cloud', 'wechat', 'teams', 'email'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** JSON values: dialog state must stay plain, serializable JSON. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface MediaAttachment {
  kind: 'image' | 'audio' | 'video' | 'file' | 'location';
  /** MIME type as the platform reported it. */
  mimeType?: string;
  fileName?: string;
  sizeBytes?: number;
  /** Where an agent can fetch it (platform URL or a LockCare media id). */
  url?: string;
  /** Inline data, base64, only for small media already downloaded by the adapter. */
  dataBase64?: string;
  caption?: string;
  latitude?: number;
  longitude?: number;
}

export type InboundContent =
  | { type: 'text'; text: string }
  /** `prompt`: the id of the question the choice was offered with (see prompt-id.ts), when the channel sends it back. */
  | { type: 'choice'; value: string; text?: string; prompt?: string }
  /** `more`: the same message's other files (an e-mail's further attachments), checked and attached like `media`. */
  | { type: 'media'; media: MediaAttachment; text?: string; more?: MediaAttachment[] }
  | { type: 'unsupported'; platformType: string };

/** One message a customer sent, decoded from a platform payload. */
export interface InboundMessage {
  channel: ChannelName;
  /** Conversation key unique within the channel (chat id, Teams conversation id, ...). */
  conversationId: string;
  /** `email`: the sender's address on the e-mail channel (the yearly survey writes to it). */
  user: { id: string; name?: string; phone?: string; email?: string };
  /** The platform's own message id; used to drop duplicate deliveries. */
  platformMessageId: string;
  content: InboundContent;
  /** A locale the platform knows (Teams `activity.locale`, phone country), used only as a hint. */
  localeHint?: string;
  /** IANA time zone if the platform knows it. */
  timeZone?: string;
  receivedAt?: Date;
  /** Opaque channel data needed to write to this conversation later (stored with the state). */
  reference?: JsonObject;
}

export interface Choice {
  title: string;
  value: string;
}

export type Reply =
  | { type: 'text'; text: string; choices?: Choice[] }
  | { type: 'media'; media: MediaAttachment; text?: string }
  | { type: 'handoff'; event: 'queued' | 'agent-joined' | 'agent-left' | 'resolved'; text: string; ticketId?: string };

/** What a reply looks like when it leaves the core: language and direction resolved. */
export interface OutboundMessage {
  reply: Reply;
  language: Language;
  dir: 'ltr' | 'rtl';
  /** Who wrote it: the bot, or a human agent from the console. */
  author: { kind: 'bot' } | { kind: 'agent'; name: string };
  /** On the reply whose choices are the current question: the id an answer sends back (see prompt-id.ts). */
  prompt?: string;
  /** An agent reply sent translated: what the agent wrote and the model (kept in the transcript). */
  translation?: { original: string; model: string };
}

export interface ChannelCapabilities {
  /** Native buttons / quick replies; without them choices become a numbered list. */
  choices: boolean;
  media: boolean;
  /** Longer text is split at sentence boundaries. */
  maxTextLength: number;
  /** Platforms like WhatsApp only allow free-form replies within this many hours of the user's last message. */
  replyWindowHours?: number;
  /** Can the bot write later without a new inbound message (agent replies, SLA notices)? */
  proactive: boolean;
}

/** A channel: decodes its platform's payloads into InboundMessages and sends OutboundMessages. */
export interface ChannelAdapter {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  /** Deliver messages to a conversation, e.g. an agent reply or a survey, outside a turn. */
  send(target: ConversationTarget, messages: OutboundMessage[]): Promise<void>;
  /**
   * True when the platform client runs on one process only (WhatsApp Web on the lease holder):
   * the channel serves its outbox itself, only while its client runs here.
   */
  readonly listensToOutboxItself?: boolean;
  /** Show the customer that a person is writing, where the platform can (a hint: never recorded). */
  typing?(target: ConversationTarget, author: { name: string }): Promise<void>;
  /** Channels with a reply window: where a conversation stands now and what an agent reply would do (shown in the console). */
  replyWindow?(conversationId: string): Promise<ReplyWindowStatus>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** A conversation's reply window (WhatsApp: 24 h after the customer's last message). */
export interface ReplyWindowStatus {
  lastInboundAt: string | null;
  closesAt: string | null;
  open: boolean;
  /** What an agent reply does now: sent; an approved template first and the text once the customer answers; or refused. */
  onReply: 'send' | 'template-then-hold' | 'refused';
  /** Offered when refused and the customer's e-mail address is known. */
  fallback?: 'email';
}

export interface ConversationTarget {
  channel: ChannelName;
  conversationId: string;
  reference?: JsonObject;
  /**
   * Why LockCare writes outside a turn. Channels that may only send approved templates outside a
   * reply window (WhatsApp Cloud API) pick the template by it; default `ticket_update`.
   */
  purpose?: 'ticket_update' | 'satisfaction_survey' | 'ticket_reminder';
}

export interface DialogFrame {
  /** Dialog id, e.g. `main-menu`, `troubleshoot`. */
  id: string;
  /** Step inside the dialog. */
  step: string;
  data: JsonObject;
}

export type HandoffMode = 'bot' | 'waiting' | 'agent';

/** Everything the core remembers about a conversation between turns. Plain JSON. */
export interface ConversationState {
  /** `${channel}:${conversationId}` */
  key: string;
  channel: ChannelName;
  conversationId: string;
  user: { id: string; name?: string; phone?: string; email?: string; timeZone?: string };
  language: Language;
  languageSource: 'explicit' | 'detected' | 'hint' | 'default';
  mode: HandoffMode;
  ticketId?: string;
  stack: DialogFrame[];
  /** Choices last offered, so "2", "two" or the option's words answer them on any channel. */
  lastChoices?: Choice[];
  /** Facts the bot collected (topic, path, warranty result, hotel, ...), handed to agents. */
  facts: JsonObject;
  /** Messages in a row the bot did not understand. */
  misunderstood: number;
  reference?: JsonObject;
  createdAt: string;
  updatedAt: string;
  /** Set on the first turn that greets the user. */
  greeted: boolean;
}

export function conversationKey(channel: ChannelName, conversationId: string): string {
  return `${channel}:${conversationId}`;
}
