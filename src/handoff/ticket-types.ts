import type { TranscriptEntry } from '../core/conversation-core.js';
import type { ChannelName, JsonObject, Language, MediaAttachment } from '../core/types.js';

/**
 * A support ticket: one conversation handed to a person. Plain JSON in the store under
 * `ticket:<id>`, changed only by compare-and-set so two processes never lose each other's change.
 */
export type TicketStatus = 'open' | 'assigned' | 'waiting-customer' | 'resolved' | 'cancelled';
export type TicketPriority = 'normal' | 'urgent';
/** The SLA levels, listed once: each fires when this share of the SLA time has passed. */
export const SLA_LEVEL_FRACTIONS = [
  { level: 'warn50', fraction: 0.5 },
  { level: 'warn80', fraction: 0.8 },
  { level: 'breach', fraction: 1 },
] as const;
export type SlaLevel = (typeof SLA_LEVEL_FRACTIONS)[number]['level'];

export const OPEN_STATUSES: readonly TicketStatus[] = ['open', 'assigned', 'waiting-customer'];

export interface TicketNote {
  at: string;
  author: string;
  text: string;
}

/** Media the customer sent, as the agent sees it; bytes (when inline) live under `ticket-media:<ticketId>:<index>`. */
export interface TicketMedia {
  index: number;
  at: string;
  kind: MediaAttachment['kind'];
  mimeType?: string;
  fileName?: string;
  sizeBytes?: number;
  url?: string;
  caption?: string;
  latitude?: number;
  longitude?: number;
  /** True when the bytes are stored with the ticket (download from the agent API). */
  stored: boolean;
  /** `<channel>:<platform message id>` of the message that carried it: a re-run turn attaches it once. */
  sourceMessageId?: string;
}

/** The model's three-line summary of a ticket (problem, what the bot tried, what the customer wants). */
export interface GeneratedSummary {
  text: string;
  model: string;
  at: string;
  /** The agent language it is written in (en, es, ar, zh). */
  language: string;
}

/**
 * An agent's reply the channel could not take when it was sent, waiting in the send-retry queue
 * (`outbound:retry:item:<retryId>`). It does not stop the SLA clock: the customer has not got it.
 */
export interface QueuedReply {
  retryId: string;
  /** The agent who sent it. */
  by: string;
  /** When the agent sent it. */
  at: string;
  /** When the retry queue gives it up (OUTBOUND_RETRY_HOURS after `at`). */
  until: string;
}

export interface Ticket {
  /** Human-friendly number, e.g. `LC-000123`. */
  id: string;
  status: TicketStatus;
  priority: TicketPriority;
  reason: string;
  channel: ChannelName;
  conversationId: string;
  /** `${channel}:${conversationId}` */
  conversationKey: string;
  language: Language;
  customer: { id: string; name?: string; phone?: string; hotel?: string; timeZone?: string };
  topic?: string;
  /**
   * An agent set `topic` (POST /api/agent/tickets/:id/topic): who, when, the topic before any tag
   * (the bot's, if any) and the one this tag replaced (the reports move the ticket from it).
   */
  topicTag?: { by: string; at: string; previous: string | null; replaced?: string | null };
  /** Facts the bot collected (troubleshooting path and answers, warranty result, ...). */
  facts: JsonObject;
  details?: JsonObject;
  warranty?: JsonObject;
  /** The last messages before escalation (the full transcript is on the single-ticket route). */
  lastMessages: TranscriptEntry[];
  createdAt: string;
  updatedAt: string;
  /** First human reply due (ISO 8601). */
  dueAt: string;
  /** When the 50% / 80% warnings and the breach are due (ISO 8601), in business time. */
  slaPoints: Record<SlaLevel, string>;
  /** When each SLA level actually fired. */
  slaFired: Partial<Record<SlaLevel, string>>;
  assignedTo?: string;
  assignedAt?: string;
  /** When the first human reply reached the customer: sent at once, or a queued one delivered later. It stops the SLA clock. */
  firstReplyAt?: string;
  firstReplyBy?: string;
  timeToFirstReplyMs?: number;
  /** Agent replies waiting in the send-retry queue ("reply queued"), oldest first; removed once delivered or given up. */
  queuedReplies?: QueuedReply[];
  lastAgentReplyAt?: string;
  lastCustomerMessageAt?: string;
  /** Last time the bot acknowledged a customer message while the ticket was open. */
  lastAckAt?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  timeToResolveMs?: number;
  /** How the ticket closed: solved by an agent, handed back to the bot, or cancelled by the customer. */
  resolution?: 'resolved' | 'handed-back' | 'cancelled';
  cancelledAt?: string;
  notes: TicketNote[];
  media: TicketMedia[];
  surveyScore?: number;
  surveyAt?: string;
  /** Written by the model when the ticket opens and on demand; never about warranty (see ticket-summary.ts). */
  summary?: GeneratedSummary;
  /** The platform message that created the ticket (a retried turn recognises its own ticket). */
  sourceMessageId: string;
}

/** One line of the queue (`GET /api/agent/tickets`). */
export interface TicketSummary {
  id: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: ChannelName;
  conversationId: string;
  language: Language;
  topic: string | null;
  customerName: string | null;
  createdAt: string;
  dueAt: string;
  assignedTo: string | null;
  /** Milliseconds until the first reply is due (negative when late); null once the clock stopped. */
  timeLeftMs: number | null;
  firstReplyAt: string | null;
  /** When the oldest agent reply still waiting in the send-retry queue was sent ("reply queued"); null when none waits. */
  replyQueuedAt: string | null;
  surveyScore: number | null;
}

/** What every ticket change publishes on `handoff:events` (the console's live stream). */
export interface TicketEvent {
  type:
    | 'ticket.created'
    | 'ticket.updated'
    | 'ticket.customer-message'
    | 'ticket.claimed'
    | 'ticket.transferred'
    | 'ticket.replied'
    | 'ticket.noted'
    | 'ticket.released'
    | 'ticket.resolved'
    | 'ticket.cancelled'
    | 'ticket.media'
    | 'ticket.survey'
    | 'ticket.topic'
    | `sla.${SlaLevel}`;
  at: string;
  ticket: TicketSummary;
}

export const TICKET_EVENTS_CHANNEL = 'handoff:events';
