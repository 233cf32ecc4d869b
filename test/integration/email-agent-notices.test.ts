import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentNotices } from '../../src/channels/email/email-agent-notices.js';
import { EmailSender } from '../../src/channels/email/email-send.js';
import { loadConfig } from '../../src/config.js';
import { createTranslator } from '../../src/core/i18n.js';
import { TICKET_EVENTS_CHANNEL, type TicketEvent } from '../../src/handoff/ticket-types.js';
import { createSilentLogger } from '../../src/logger.js';
import type { SetupContext } from '../../src/setup-context.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { startSmtpRecorder, type SmtpRecorder } from '../helpers/smtp-recorder.js';

/** AGENT_NOTIFY_EMAILS: notices for SLA levels through a real SMTP server, sent once however many processes hear the event. */
let smtp: SmtpRecorder;
const store = new MemoryStore();
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  smtp = await startSmtpRecorder();
  const config = loadConfig({ NODE_ENV: 'test', AGENT_NOTIFY_EMAILS: 'oncall@vendor.test', PUBLIC_URL: 'https://support.vendor.test/', EMAIL_SMTP_URL: smtp.url, EMAIL_FROM: 'support@vendor.test' });
  const logger = createSilentLogger();
  const ctx = { config, logger, store, translator: createTranslator(), clock: { now: () => new Date() }, core: () => { throw new Error('not used'); } } as SetupContext;
  // Two processes listening to the same store.
  for (let index = 0; index < 2; index += 1) {
    const sender = new EmailSender({ smtpUrl: smtp.url, from: 'support@vendor.test', logger, ticketOf: async () => undefined, remember: async () => undefined });
    const stop = await startAgentNotices(ctx, sender, logger);
    stops.push(async () => {
      await stop?.();
      sender.close();
    });
  }
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await smtp.stop();
  await store.close();
});

/** The ticket's times follow the clock the test runs at (due an hour after it opened), never a fixed date. */
const event = (type: TicketEvent['type'], now = new Date()): TicketEvent => ({
  type,
  at: now.toISOString(),
  ticket: {
    id: 'LC-000077', status: 'open', priority: 'urgent', channel: 'whatsapp', conversationId: 'c1', language: 'es', topic: 'lock-no-response',
    customerName: null, createdAt: now.toISOString(), dueAt: new Date(now.getTime() + 3_600_000).toISOString(), assignedTo: null, timeLeftMs: 1000, firstReplyAt: null, replyQueuedAt: null, surveyScore: null,
  },
});

describe('agent notices by e-mail', () => {
  it('mails the 80% warning and the breach once each, with the console link, and ignores other ticket events', async () => {
    await store.publish(TICKET_EVENTS_CHANNEL, JSON.stringify(event('ticket.claimed')));
    await store.publish(TICKET_EVENTS_CHANNEL, JSON.stringify(event('sla.warn80')));
    await store.publish(TICKET_EVENTS_CHANNEL, JSON.stringify(event('sla.breach')));
    const mails = await smtp.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails).toHaveLength(2);
    const subjects = mails.map((mail) => mail.parsed.subject).sort();
    expect(subjects).toEqual(['[LC-000077] 80% of the reply time has passed', '[LC-000077] Reply time exceeded']);
    for (const mail of mails) {
      expect(mail.to).toEqual(['oncall@vendor.test']);
      expect(mail.parsed.text).toContain('https://support.vendor.test/console#LC-000077');
      expect(mail.parsed.text).toContain('urgent');
    }
  });
});
