import { randomUUID } from 'node:crypto';
import type { TemplatePurpose } from '../../config.js';
import { Poller } from '../../core/poller.js';
import type { Language } from '../../core/types.js';
import { isOpen } from '../../handoff/ticket-service.js';
import type { SetupContext } from '../../setup-context.js';
import type { ContactGuard } from '../shared/contact-guard.js';

/** What the reminders need from the Cloud sender. */
export interface ReminderSender {
  readonly guard: ContactGuard;
  /** How many messages are held for the customer right now. */
  heldCount(waId: string): Promise<number>;
  /** Send the purpose's approved template in the language, with the ticket id as its parameter. */
  sendPurposeTemplate(waId: string, purpose: TemplatePurpose, language: Language, ticketId?: string): Promise<void>;
}

/** An agent reply held behind the `ticket_update` template, waiting for the customer. */
export interface HeldReply {
  holdId: string;
  waId: string;
  conversationId: string;
  ticketId: string;
  language: Language;
  /** When the `ticket_update` template went out. */
  heldAt: string;
}

/** Due reminders: member = hold id, score = when it is due (epoch ms). */
export const REMINDERS_KEY = 'whatsapp-cloud:reminders';
const holdKey = (holdId: string) => `whatsapp-cloud:hold:${holdId}`;
/** A customer's latest hold: a newer `ticket_update` template supersedes an older one's reminder. */
const latestHoldKey = (waId: string) => `whatsapp-cloud:latest-hold:${waId}`;
/** Taken before the reminder is sent: at most one reminder per held reply, whatever crashes. */
const remindedKey = (holdId: string) => `whatsapp-cloud:reminded:${holdId}`;
const claimKey = (holdId: string) => `${REMINDERS_KEY}:claim:${holdId}`;
const CLAIM_LEASE_MS = 60_000;
const BATCH = 100;
const HOUR_MS = 3_600_000;

/**
 * The `ticket_reminder` template: when an agent reply is held behind the `ticket_update` template
 * and the customer has not answered within `WHATSAPP_CLOUD_REMINDER_HOURS` (0 = off), the reminder
 * template (with the ticket id, like `ticket_update`) goes out once, and the ticket gets a note.
 * Never without a configured template, never twice for one held reply, not when a newer template
 * superseded the hold, when the customer wrote since, or when the ticket is no longer open.
 * Due reminders live in a sorted set of the store; any number of processes may poll (every
 * `SLA_POLL_MS`, on the injected clock): a due reminder is claimed with a lease, and the
 * "reminded" mark is taken before the send, so a crash loses a reminder rather than repeating it.
 */
export class WhatsappCloudReminders {
  private readonly poller: Poller<string[]>;

  constructor(
    private readonly ctx: SetupContext,
    private readonly sender: ReminderSender,
  ) {
    this.poller = new Poller(ctx.config.handoff.sla.pollMs, () => this.runDue(), (error) => {
      ctx.logger.error({ err: error, channel: 'whatsapp-cloud' }, 'WhatsApp Cloud reminder poll failed');
      return [];
    });
  }

  /** On when `WHATSAPP_CLOUD_REMINDER_HOURS` > 0 and a `ticket_reminder` template is configured. */
  get enabled(): boolean {
    const { reminderHours, templates } = this.ctx.config.whatsappCloud;
    return reminderHours > 0 && Boolean(templates.ticket_reminder);
  }

  /** An agent reply was just held behind the `ticket_update` template: remind once if unanswered. */
  async schedule(hold: Omit<HeldReply, 'holdId' | 'heldAt'>): Promise<void> {
    if (!this.enabled) return;
    const { store, clock, config } = this.ctx;
    const now = clock.now();
    const record: HeldReply = { ...hold, holdId: randomUUID(), heldAt: now.toISOString() };
    const ttlMs = config.conversation.ttlMs;
    await store.set(holdKey(record.holdId), JSON.stringify(record), ttlMs);
    await store.set(latestHoldKey(hold.waId), record.holdId, ttlMs);
    await store.sortedAdd(REMINDERS_KEY, record.holdId, now.getTime() + config.whatsappCloud.reminderHours * HOUR_MS);
  }

  /** The held messages reached the customer: nothing left to remind them of. */
  async released(waId: string): Promise<void> {
    await this.ctx.store.delete(latestHoldKey(waId));
  }

  start(): void {
    if (this.enabled) this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** One poll (what the interval runs; tests call it after moving the clock). Never throws. */
  tick(): Promise<string[]> {
    return this.poller.run();
  }

  /** Claim and send the reminders due at the clock's now. Returns the tickets reminded by this call. */
  async runDue(): Promise<string[]> {
    const { store, clock } = this.ctx;
    const reminded: string[] = [];
    const due = await store.sortedRangeByScore(REMINDERS_KEY, clock.now().getTime(), BATCH);
    for (const { member: holdId } of due) {
      const lease = `${process.pid}:${randomUUID()}`;
      if (!(await store.setIfAbsent(claimKey(holdId), lease, CLAIM_LEASE_MS))) continue; // another process has it
      try {
        const raw = await store.get(holdKey(holdId));
        const hold = raw ? (JSON.parse(raw) as HeldReply) : undefined;
        if (hold && (await this.stillWaiting(hold)) && (await store.setIfAbsent(remindedKey(holdId), clock.now().toISOString(), this.ctx.config.conversation.ttlMs))) {
          if (await this.remind(hold)) reminded.push(hold.ticketId);
        }
        await store.sortedRemove(REMINDERS_KEY, holdId);
        await store.delete(holdKey(holdId));
      } finally {
        await store.deleteIfEquals(claimKey(holdId), lease).catch(() => undefined);
      }
    }
    return reminded;
  }

  /** True while the reply is still held, unanswered, the latest one, on an open ticket, and reminders are on. */
  private async stillWaiting(hold: HeldReply): Promise<boolean> {
    if (!this.enabled) return false;
    if ((await this.ctx.store.get(latestHoldKey(hold.waId))) !== hold.holdId) return false;
    if ((await this.sender.heldCount(hold.waId)) === 0) return false;
    const lastInbound = await this.sender.guard.lastInboundAt('whatsapp-cloud', hold.conversationId);
    if (lastInbound && lastInbound.getTime() > Date.parse(hold.heldAt)) return false;
    const ticket = await this.ctx.core().services.tickets?.get(hold.ticketId);
    return ticket !== null && ticket !== undefined && isOpen(ticket);
  }

  /** Send the reminder template and note it on the ticket (or why it could not go). True when sent. */
  private async remind(hold: HeldReply): Promise<boolean> {
    const { config, translator, logger } = this.ctx;
    const template = config.whatsappCloud.templates.ticket_reminder ?? '';
    const tickets = this.ctx.core().services.tickets;
    try {
      await this.sender.sendPurposeTemplate(hold.waId, 'ticket_reminder', hold.language, hold.ticketId);
    } catch (error) {
      logger.warn({ err: error, ticket: hold.ticketId, code: 'E_CHANNEL_SEND' }, 'WhatsApp Cloud reminder template not sent');
      const reason = error instanceof Error ? error.message : String(error);
      await tickets?.addSystemNote(hold.ticketId, translator.t('en', 'handoff.delivery.reminderFailed', { template, reason }));
      return false;
    }
    logger.info({ ticket: hold.ticketId }, 'WhatsApp Cloud reminder template sent');
    await tickets?.addSystemNote(hold.ticketId, translator.t('en', 'handoff.delivery.reminderSent', { template, hours: config.whatsappCloud.reminderHours }));
    return true;
  }
}
