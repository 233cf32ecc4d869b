import type { Store } from '../store/store.js';
import { ALL_SORTED, isOpen, ticketKey } from './ticket-service.js';
import type { Ticket } from './ticket-types.js';

/** An earlier or closed ticket as the console lists it, with its outcome. */
export interface PastTicket {
  id: string;
  status: Ticket['status'];
  resolution: Ticket['resolution'] | null;
  channel: Ticket['channel'];
  language: Ticket['language'];
  topic: string | null;
  reason: string;
  customerName: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  surveyScore: number | null;
}

/**
 * Who a ticket's customer is, across channels: the channel's own user id (WhatsApp number,
 * WeChat id, Teams user, e-mail address), the phone number's digits, an e-mail address.
 */
export function customerKeys(ticket: Pick<Ticket, 'channel' | 'customer'>): string[] {
  const keys = [`${ticket.channel}:${ticket.customer.id}`];
  const phone = (ticket.customer.phone ?? (ticket.channel === 'whatsapp' ? ticket.customer.id : '')).replace(/\D/g, '');
  if (phone.length >= 6) keys.push(`phone:${phone}`);
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ticket.customer.id)) keys.push(`email:${ticket.customer.id.toLowerCase()}`);
  return keys;
}

function pastTicket(ticket: Ticket): PastTicket {
  return {
    id: ticket.id,
    status: ticket.status,
    resolution: ticket.resolution ?? null,
    channel: ticket.channel,
    language: ticket.language,
    topic: ticket.topic ?? null,
    reason: ticket.reason,
    customerName: ticket.customer.name ?? null,
    createdAt: ticket.createdAt,
    resolvedAt: ticket.resolvedAt ?? null,
    resolvedBy: ticket.resolvedBy ?? null,
    surveyScore: ticket.surveyScore ?? null,
  };
}

/**
 * A customer's earlier tickets, and a search over closed tickets, read newest first from the
 * tickets the store still keeps (closed ones expire after TICKET_RETENTION_DAYS); at most
 * `scanLimit` tickets are looked at.
 */
export class TicketHistory {
  constructor(
    private readonly store: Store,
    private readonly scanLimit = 5000,
  ) {}

  private async *newestFirst(): AsyncGenerator<Ticket> {
    const ids = (await this.store.sortedAll(ALL_SORTED)).sort((a, b) => b.score - a.score).slice(0, this.scanLimit).map((entry) => entry.member);
    for (let start = 0; start < ids.length; start += 200) {
      const raws = await this.store.getMany(ids.slice(start, start + 200).map(ticketKey));
      for (const raw of raws) if (raw) yield JSON.parse(raw) as Ticket;
    }
  }

  /** The customer's other tickets (same phone, WeChat id, Teams user or e-mail), newest first. */
  async earlier(ticket: Ticket, limit = 20): Promise<PastTicket[]> {
    const keys = new Set(customerKeys(ticket));
    const found: PastTicket[] = [];
    for await (const other of this.newestFirst()) {
      if (other.id === ticket.id || !customerKeys(other).some((key) => keys.has(key))) continue;
      found.push(pastTicket(other));
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Closed tickets whose id, customer, serial (or any collected fact), topic, notes or last messages contain `query`. */
  async searchClosed(query: string, limit = 50): Promise<PastTicket[]> {
    const needle = query.trim().toLowerCase();
    if (!needle) return [];
    const found: PastTicket[] = [];
    for await (const ticket of this.newestFirst()) {
      if (isOpen(ticket)) continue;
      const haystack = [
        ticket.id,
        ticket.reason,
        ticket.topic ?? '',
        JSON.stringify(ticket.customer),
        JSON.stringify(ticket.facts),
        JSON.stringify(ticket.details ?? {}),
        ...ticket.notes.map((note) => note.text),
        ...ticket.lastMessages.map((message) => message.text),
      ]
        .join('\n')
        .toLowerCase();
      if (!haystack.includes(needle)) continue;
      found.push(pastTicket(ticket));
      if (found.length >= limit) break;
    }
    return found;
  }
}
