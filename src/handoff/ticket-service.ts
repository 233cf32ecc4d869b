import type { TranscriptEntry } from '../core/conversation-core.js';
import type { Clock } from '../core/dialog.js';
import type { ChannelName, JsonObject, Language } from '../core/types.js';
import { LockCareError } from '../errors.js';
import { conversationLogRef, type Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { SlaPolicy } from './sla-policy.js';
import { clearSlaTimers, scheduleSlaTimers } from './sla-timers.js';
import {
  OPEN_STATUSES,
  TICKET_EVENTS_CHANNEL,
  type SlaLevel,
  type Ticket,
  type TicketEvent,
  type TicketPriority,
  type TicketSummary,
} from './ticket-types.js';

export const ticketKey = (id: string) => `ticket:${id}`;
const openOfKey = (conversationKey: string) => `ticket:open-of:${conversationKey}`;
export const mediaKey = (id: string, index: number) => `ticket-media:${id}:${index}`;
const OPEN_SET = 'tickets:open';
export const ALL_SORTED = 'tickets:all';
const SEQUENCE = 'ticket:seq';
const MAX_CAS_ATTEMPTS = 25;
/** How long a conversation's "opening a ticket" claim lasts before the ticket is written (a creator that died). */
const CREATE_CLAIM_MS = 30_000;
/** Default for TICKET_RETENTION_DAYS. */
export const DEFAULT_TICKET_RETENTION_MS = 90 * 86_400_000;

export interface NewTicket {
  channel: ChannelName;
  conversationId: string;
  conversationKey: string;
  language: Language;
  priority: TicketPriority;
  reason: string;
  customer: Ticket['customer'];
  topic?: string;
  facts: JsonObject;
  details?: JsonObject;
  warranty?: JsonObject;
  lastMessages: TranscriptEntry[];
  sourceMessageId: string;
}

export type TicketChange = (ticket: Ticket, now: Date) => void;
/** Told of every published ticket change in this process, after it is stored (the reports' roll-ups). */
export type TicketListener = (type: TicketEvent['type'], ticket: Ticket) => Promise<void>;

export function formatTicketNumber(sequence: number): string {
  return `LC-${String(sequence).padStart(6, '0')}`;
}

/** SLA points as stored on a ticket (ISO 8601). */
function isoPoints(points: Record<SlaLevel, Date>): Record<SlaLevel, string> {
  return Object.fromEntries(Object.entries(points).map(([level, at]) => [level, at.toISOString()])) as Record<SlaLevel, string>;
}

export function isOpen(ticket: Pick<Ticket, 'status'>): boolean {
  return OPEN_STATUSES.includes(ticket.status);
}

/**
 * An agent has answered: the customer got a reply, or one waits in the send-retry queue. The agent
 * owns the conversation from then on (the SLA clock, though, stops only at a delivered reply: `firstReplyAt`).
 */
export function agentHasReplied(ticket: Pick<Ticket, 'firstReplyAt' | 'queuedReplies'>): boolean {
  return ticket.firstReplyAt !== undefined || (ticket.queuedReplies?.length ?? 0) > 0;
}

function dropQueuedReply(ticket: Ticket, retryId: string): void {
  const left = (ticket.queuedReplies ?? []).filter((queued) => queued.retryId !== retryId);
  if (left.length > 0) ticket.queuedReplies = left;
  else delete ticket.queuedReplies;
}

/**
 * Tickets in the store. Every change goes through compare-and-set and publishes a
 * `TicketEvent`, so consoles in every process see it.
 */
/** What dialogs and commands use of tickets (`ctx.services.tickets`): read one, raise it, score it. */
export interface TicketDesk {
  get(id: string): Promise<Ticket | null>;
  /** Move an open ticket to the urgent SLA. */
  raiseToUrgent(id: string): Promise<Ticket>;
  /** Store the customer's satisfaction score (1–5) on a resolved ticket. */
  recordSurvey(id: string, score: number): Promise<Ticket>;
  /** The customer wrote while the ticket is open (keeps `lastCustomerMessageAt` for the console and SLA). */
  noteCustomerMessage(id: string): Promise<Ticket>;
  /** A note from LockCare itself on the ticket (a reply that could not be delivered), for the agents. */
  addSystemNote(id: string, text: string): Promise<Ticket>;
}

export type { Ticket } from './ticket-types.js';

/** Ticket changes as they are stored, for other features (the reports' roll-ups). */
export interface TicketChanges {
  onChange(listener: TicketListener): void;
}

declare module '../core/dialog.js' {
  interface FeatureServices {
    tickets: TicketDesk;
    ticketChanges: TicketChanges;
  }
}

export class TicketService implements TicketDesk, TicketChanges {
  private readonly listeners: TicketListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly policy: SlaPolicy,
    private readonly logger: Logger,
    /** How long a closed ticket and its media are kept after its last change (TICKET_RETENTION_DAYS). */
    private readonly retentionMs = DEFAULT_TICKET_RETENTION_MS,
  ) {}

  async get(id: string): Promise<Ticket | null> {
    const raw = /^[A-Za-z0-9-]{1,40}$/.test(id) ? await this.store.get(ticketKey(id)) : null;
    return raw ? (JSON.parse(raw) as Ticket) : null;
  }

  async require(id: string): Promise<Ticket> {
    const ticket = await this.get(id);
    if (!ticket) throw new LockCareError('E_NOT_FOUND', `No ticket ${id}`);
    return ticket;
  }

  /** The open ticket of a conversation, if any. */
  async findOpen(conversationKey: string): Promise<Ticket | null> {
    const id = await this.store.get(openOfKey(conversationKey));
    if (!id) return null;
    const ticket = await this.get(id);
    return ticket && isOpen(ticket) ? ticket : null;
  }

  /**
   * Open a ticket, or return the conversation's open one: one open ticket per conversation,
   * whichever process asks first (`setIfAbsent` on `ticket:open-of:<conversation>`).
   */
  async create(input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const existing = await this.findOpen(input.conversationKey);
      if (existing) return { ticket: existing, created: existing.sourceMessageId === input.sourceMessageId };
      const staleId = await this.store.get(openOfKey(input.conversationKey));
      if (staleId) {
        const stale = await this.get(staleId);
        // A closed ticket's key is removed here. A ticket not written yet is another process
        // creating it right now (however slow a loaded machine makes it): wait for it. A creator
        // that died after claiming leaves a key that expires after CREATE_CLAIM_MS by itself.
        if (stale) await this.store.deleteIfEquals(openOfKey(input.conversationKey), staleId);
        else await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const now = this.clock.now();
      const id = formatTicketNumber(await this.store.increment(SEQUENCE));
      if (!(await this.store.setIfAbsent(openOfKey(input.conversationKey), id, CREATE_CLAIM_MS))) continue;
      const points = this.policy.points(now, input.priority, input.channel);
      const ticket: Ticket = {
        id,
        status: 'open',
        ...input,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        dueAt: points.breach.toISOString(),
        slaPoints: isoPoints(points),
        slaFired: {},
        notes: [],
        media: [],
      };
      await this.store.set(ticketKey(id), JSON.stringify(ticket));
      // Written: the conversation's open ticket is kept until it closes.
      await this.store.set(openOfKey(input.conversationKey), id);
      await this.store.setAdd(OPEN_SET, id);
      await this.store.sortedAdd(ALL_SORTED, id, now.getTime());
      await scheduleSlaTimers(this.store, ticket);
      await this.publish('ticket.created', ticket);
      this.logger.info({ ticket: id, conversation: conversationLogRef(input.conversationKey), priority: input.priority, reason: input.reason }, 'ticket opened');
      return { ticket, created: true };
    }
    throw new LockCareError('E_CONFLICT', 'Could not open a ticket for this conversation');
  }

  /**
   * Change a ticket with compare-and-set (retried on a concurrent write). `change` may throw a
   * LockCareError (e.g. E_CONFLICT when someone else holds it); nothing is written then.
   */
  async update(id: string, change: TicketChange, event: TicketEvent['type'] = 'ticket.updated'): Promise<Ticket> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const current = await this.store.getVersioned(ticketKey(id));
      if (!current) throw new LockCareError('E_NOT_FOUND', `No ticket ${id}`);
      const ticket = JSON.parse(current.value) as Ticket;
      const now = this.clock.now();
      const wasOpen = isOpen(ticket);
      change(ticket, now);
      ticket.updatedAt = now.toISOString();
      // A closed ticket is kept for the retention period after its last change, then expires.
      const ttlMs = isOpen(ticket) ? undefined : this.retentionMs;
      if ((await this.store.compareAndSet(ticketKey(id), current.version, JSON.stringify(ticket), ttlMs)) === null) continue;
      if (wasOpen && !isOpen(ticket)) {
        await this.closeIndexes(ticket);
        await this.expireMedia(ticket);
      }
      await this.publish(event, ticket);
      return ticket;
    }
    throw new LockCareError('E_CONFLICT', `Ticket ${id} is changing too often; try again`);
  }

  private async closeIndexes(ticket: Ticket): Promise<void> {
    await clearSlaTimers(this.store, ticket.id);
    await this.store.setRemove(OPEN_SET, ticket.id);
    await this.store.deleteIfEquals(openOfKey(ticket.conversationKey), ticket.id);
  }

  /** Open tickets, those whose clock runs out first on top; tickets whose clock stopped after. */
  async listOpen(): Promise<TicketSummary[]> {
    const ids = await this.store.setMembers(OPEN_SET);
    const values = ids.length > 0 ? await this.store.getMany(ids.map(ticketKey)) : [];
    const now = this.clock.now();
    const tickets = values
      .filter((value): value is string => value !== null)
      .map((value) => JSON.parse(value) as Ticket)
      .filter(isOpen)
      .map((ticket) => this.summarize(ticket, now));
    return tickets.sort((a, b) => {
      if (a.timeLeftMs !== null && b.timeLeftMs !== null) return a.timeLeftMs - b.timeLeftMs;
      if (a.timeLeftMs !== null) return -1;
      if (b.timeLeftMs !== null) return 1;
      return a.createdAt.localeCompare(b.createdAt);
    });
  }

  summarize(ticket: Ticket, now = this.clock.now()): TicketSummary {
    const clockRuns = isOpen(ticket) && !ticket.firstReplyAt;
    return {
      id: ticket.id,
      status: ticket.status,
      priority: ticket.priority,
      channel: ticket.channel,
      conversationId: ticket.conversationId,
      language: ticket.language,
      topic: ticket.topic ?? null,
      customerName: ticket.customer.name ?? null,
      createdAt: ticket.createdAt,
      dueAt: ticket.dueAt,
      assignedTo: ticket.assignedTo ?? null,
      timeLeftMs: clockRuns ? Date.parse(ticket.dueAt) - now.getTime() : null,
      firstReplyAt: ticket.firstReplyAt ?? null,
      replyQueuedAt: ticket.queuedReplies?.[0]?.at ?? null,
      surveyScore: ticket.surveyScore ?? null,
    };
  }

  /** Add a listener for every ticket change (it must not throw). */
  onChange(listener: TicketListener): void {
    this.listeners.push(listener);
  }

  async publish(type: TicketEvent['type'], ticket: Ticket): Promise<void> {
    for (const listener of this.listeners) await listener(type, ticket);
    const event: TicketEvent = { type, at: this.clock.now().toISOString(), ticket: this.summarize(ticket) };
    await this.store.publish(TICKET_EVENTS_CHANNEL, JSON.stringify(event)).catch((error: unknown) => {
      this.logger.error({ err: error, ticket: ticket.id }, 'could not publish a ticket event');
    });
  }

  /** Raise a ticket to urgent: a shorter deadline from when it was opened, timers re-armed. */
  async raiseToUrgent(id: string): Promise<Ticket> {
    const ticket = await this.update(id, (draft) => {
      if (draft.priority === 'urgent') return;
      draft.priority = 'urgent';
      if (draft.firstReplyAt) return;
      const points = this.policy.points(new Date(draft.createdAt), 'urgent');
      draft.slaPoints = isoPoints(points);
      draft.dueAt = draft.slaPoints.breach;
    });
    if (isOpen(ticket) && !ticket.firstReplyAt) await scheduleSlaTimers(this.store, ticket);
    return ticket;
  }

  /** The first human reply the customer got stops the SLA clock. */
  async stopClock(ticket: Ticket): Promise<void> {
    await clearSlaTimers(this.store, ticket.id);
  }

  /**
   * An agent's reply that waited in the send-retry queue reached the customer (`retryId`): it
   * leaves the "reply queued" list and, when it is the first reply the customer got, records the
   * first reply at this moment (the reports count that) and stops the SLA clock.
   */
  async queuedReplyDelivered(id: string, delivered: { retryId: string; by: string; note: string }): Promise<Ticket> {
    const ticket = await this.update(
      id,
      (draft, now) => {
        dropQueuedReply(draft, delivered.retryId);
        draft.notes.push({ at: now.toISOString(), author: 'LockCare', text: delivered.note });
        if (draft.firstReplyAt) return;
        draft.firstReplyAt = now.toISOString();
        draft.firstReplyBy = delivered.by;
        draft.timeToFirstReplyMs = now.getTime() - Date.parse(draft.createdAt);
      },
      'ticket.replied',
    );
    await this.stopClock(ticket);
    return ticket;
  }

  /** A queued reply was given up undelivered: it leaves the "reply queued" list, the note says so, and the SLA clock keeps running. */
  async queuedReplyExpired(id: string, expired: { retryId: string; note: string }): Promise<Ticket> {
    return this.update(
      id,
      (draft, now) => {
        dropQueuedReply(draft, expired.retryId);
        draft.notes.push({ at: now.toISOString(), author: 'LockCare', text: expired.note });
      },
      'ticket.noted',
    );
  }

  /** The customer's 1–5 answer to the survey sent when the ticket was resolved (first answer counts). */
  async noteCustomerMessage(id: string): Promise<Ticket> {
    return this.update(id, (draft, now) => void (draft.lastCustomerMessageAt = now.toISOString()), 'ticket.customer-message');
  }

  async addSystemNote(id: string, text: string): Promise<Ticket> {
    return this.update(id, (draft, now) => void draft.notes.push({ at: now.toISOString(), author: 'LockCare', text }), 'ticket.noted');
  }

  async recordSurvey(id: string, score: number): Promise<Ticket> {
    return this.update(
      id,
      (draft, now) => {
        if (draft.surveyScore !== undefined) return;
        draft.surveyScore = score;
        draft.surveyAt = now.toISOString();
      },
      'ticket.survey',
    );
  }

  /**
   * Customer files (up to MEDIA_MAX_BYTES each) never live longer than the retention period:
   * at most that long after they arrive, and that long after the ticket closes.
   */
  async saveMedia(id: string, index: number, dataBase64: string): Promise<void> {
    await this.store.set(mediaKey(id, index), dataBase64, this.retentionMs);
  }

  private async expireMedia(ticket: Ticket): Promise<void> {
    for (const item of ticket.media) {
      if (!item.stored) continue;
      const data = await this.store.get(mediaKey(ticket.id, item.index));
      if (data !== null) await this.store.set(mediaKey(ticket.id, item.index), data, this.retentionMs);
    }
  }

  async loadMedia(id: string, index: number): Promise<string | null> {
    return this.store.get(mediaKey(id, index));
  }
}
