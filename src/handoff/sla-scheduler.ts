import type { Clock } from '../core/dialog.js';
import type { Logger } from '../logger.js';
import { recordSlaNotice } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import { SLA_FRACTIONS } from './sla-policy.js';
import { parseTimerMember, SLA_TIMERS_KEY } from './sla-timers.js';
import type { WebhookSender } from './sla-webhook.js';
import { isOpen, type TicketService } from './ticket-service.js';
import type { SlaLevel, Ticket } from './ticket-types.js';

export interface SlaNotice {
  event: 'sla.warning' | 'sla.breach';
  level: SlaLevel;
  /** Share of the SLA time used: 50, 80 or 100. */
  percent: number;
  firedAt: string;
  ticket: NoticeTicket;
}

/** The moment a ticket opens (not at 50% of its SLA): `urgent` marks an emergency. */
export interface TicketCreatedNotice {
  event: 'ticket.created';
  urgent: boolean;
  at: string;
  ticket: NoticeTicket;
}

interface NoticeTicket {
  id: string;
  priority: Ticket['priority'];
  status: Ticket['status'];
  channel: Ticket['channel'];
  language: Ticket['language'];
  topic: string | null;
  createdAt: string;
  dueAt: string;
  assignedTo: string | null;
}

export interface SlaSchedulerOptions {
  store: Store;
  tickets: TicketService;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  webhook?: WebhookSender;
  /** Timers claimed per poll (default 100). */
  batchSize?: number;
  /** How long a claimed timer is reserved for the instance that claimed it (default 60 s). */
  claimLeaseMs?: number;
}

/** How long `stop()` waits for webhook deliveries still in flight. */
const WEBHOOK_DRAIN_MS = 5_000;

/**
 * Fires SLA warnings (50%, 80%) and breaches (100%) from the store's sorted set. Any number of
 * instances may run. A due timer is claimed with a lease (`setIfAbsent` with a TTL), fired —
 * the ticket records which notices fired, in a compare-and-set — and only then removed. An
 * instance that dies after claiming leaves the timer in place, so another fires it when the lease
 * runs out; one that dies after recording leaves a timer whose notice is already recorded, which
 * the next claimer removes without firing. So each notice fires once: none lost, none twice.
 * Webhooks are delivered in the background, so a slow receiver never holds up the next poll.
 */
export class SlaScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SlaNotice[]> | undefined;
  private readonly deliveries = new Set<Promise<unknown>>();

  constructor(private readonly options: SlaSchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await Promise.race([this.idle(), new Promise((resolve) => setTimeout(resolve, WEBHOOK_DRAIN_MS).unref())]);
  }

  /** Resolves when every webhook delivery started so far has finished (or given up). */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  /** One poll (what the interval runs; tests call it after moving a TestClock). Never throws. */
  async tick(): Promise<SlaNotice[]> {
    if (this.running) return this.running;
    this.running = this.runDue()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'SLA poll failed');
        return [];
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Claim and fire every timer due at the clock's now. Returns the notices this instance fired. */
  async runDue(): Promise<SlaNotice[]> {
    const { store, clock, batchSize = 100 } = this.options;
    const fired: SlaNotice[] = [];
    for (;;) {
      const due = await store.sortedRangeByScore(SLA_TIMERS_KEY, clock.now().getTime(), batchSize);
      if (due.length === 0) break;
      let claimedAny = false;
      for (const { member } of due) {
        const claim = `${SLA_TIMERS_KEY}:claim:${member}`;
        if (!(await store.setIfAbsent(claim, 'claimed', this.options.claimLeaseMs ?? 60_000))) continue; // another instance has it
        claimedAny = true;
        const notice = await this.fire(member);
        await store.sortedRemove(SLA_TIMERS_KEY, member);
        await store.delete(claim);
        if (notice) fired.push(notice);
      }
      if (!claimedAny || due.length < batchSize) break;
    }
    for (const notice of fired) this.deliver(notice);
    return fired;
  }

  /** Send a notice to the webhook in the background (tracked, so `stop()` can wait for it). */
  private deliver(notice: SlaNotice | TicketCreatedNotice): void {
    const { webhook } = this.options;
    if (!webhook) return;
    const delivery = webhook(notice).catch((error: unknown) => this.options.logger.error({ err: error }, 'SLA webhook failed'));
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  /** Tell the webhook a ticket opened (the process that created it calls this, once). */
  announce(ticket: Ticket): void {
    this.deliver({ event: 'ticket.created', urgent: ticket.priority === 'urgent', at: ticket.createdAt, ticket: noticeTicket(ticket) });
  }

  private async fire(member: string): Promise<SlaNotice | undefined> {
    const parsed = parseTimerMember(member);
    if (!parsed) return undefined;
    const { ticketId, level } = parsed;
    const current = await this.options.tickets.get(ticketId);
    // The clock stopped (first human reply) or the ticket closed after the timer was set.
    if (!current || !isOpen(current) || current.firstReplyAt || current.slaFired[level]) return undefined;
    let recordedHere = false;
    const ticket = await this.options.tickets.update(
      ticketId,
      (draft, now) => {
        recordedHere = draft.slaFired[level] === undefined;
        draft.slaFired[level] ??= now.toISOString();
      },
      `sla.${level}`,
    );
    if (!recordedHere) return undefined;
    const percent = Math.round(SLA_FRACTIONS[level] * 100);
    this.options.logger.warn({ ticket: ticketId, level, priority: ticket.priority }, level === 'breach' ? 'SLA breached' : `SLA ${percent}% used`);
    recordSlaNotice(level === 'breach' ? 'breach' : 'warning');
    return {
      event: level === 'breach' ? 'sla.breach' : 'sla.warning',
      level,
      percent,
      firedAt: ticket.slaFired[level] ?? this.options.clock.now().toISOString(),
      ticket: noticeTicket(ticket),
    };
  }
}

function noticeTicket(ticket: Ticket): NoticeTicket {
  return {
    id: ticket.id,
    priority: ticket.priority,
    status: ticket.status,
    channel: ticket.channel,
    language: ticket.language,
    topic: ticket.topic ?? null,
    createdAt: ticket.createdAt,
    dueAt: ticket.dueAt,
    assignedTo: ticket.assignedTo ?? null,
  };
}
