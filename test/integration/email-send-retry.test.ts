import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { TestClock } from '../helpers/core-harness.js';
import { AGENT_PASSWORD, rawMail, startEmailHarness, type EmailHarness } from '../helpers/email-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import type { RecordedMail } from '../helpers/smtp-recorder.js';

/**
 * Outbound mail on the shared, store-backed send-retry queue (`src/core/send-retry.ts`), against a
 * real Dovecot, a real SMTP server and a real Redis: a temporary SMTP failure (451) is queued and
 * delivered by the next LockCare process after the first one is gone, as the same mail (Message-ID,
 * threading, subject); a permanent one (550) is noted on the ticket and never tried again. The
 * clock is a TestClock, so the queue's backoff runs only when the test moves it.
 */
const ONCALL = 'oncall@vendor.test';
const prefix = `email-retry-${randomUUID()}:`;
const clock = new TestClock(new Date());
let harness: EmailHarness;
const connectStore = () => RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });

beforeAll(async () => {
  harness = await startEmailHarness({ EMAIL_POLL_MS: '600000', AGENT_NOTIFY_EMAILS: ONCALL }, { overrides: { store: await connectStore(), clock } });
});
afterAll(async () => {
  await harness?.close();
});

const ticketIdOf = (mail: RecordedMail) => /\[(LC-\d{6})\]/.exec(mail.parsed.subject ?? '')?.[1];
const references = (mail: RecordedMail) => {
  const value = mail.parsed.references;
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const threading = (mail: RecordedMail) => ({
  messageId: mail.parsed.messageId,
  inReplyTo: mail.parsed.inReplyTo,
  references: references(mail),
  subject: mail.parsed.subject,
  text: mail.parsed.text,
});
const to = (address: string) => (mail: RecordedMail) => mail.to.includes(address);

describe('outbound mail on the shared send-retry queue', () => {
  let process2: Awaited<ReturnType<EmailHarness['startProcess']>>;
  let thread: { customerMessageId: string; reply: RecordedMail; ticketId: string };

  it("the customer's automatic reply: 451, then delivered once by a second process after the first is closed, threaded as the first attempt", async () => {
    const customer = 'ines@hotel-rio.test';
    harness.smtp.failNext(1, 451, customer);
    const mail = rawMail({ from: `Inés <${customer}>`, subject: 'Tarjeta no abre', text: 'La tarjeta del huésped no abre la puerta de la habitación 12.' });
    const uid = await harness.deliver(mail.raw);
    await expect.poll(() => harness.smtp.refused.filter(to(customer)).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await harness.flagsOf(uid)).has('\\Seen'), { timeout: 10_000 }).toBe(true);
    await harness.channel.idle();
    expect(await harness.lockcare.core.retries.pendingCount()).toBe(1);
    expect(harness.smtp.mails.filter(to(customer))).toEqual([]);
    const [attempt] = harness.smtp.refused.filter(to(customer));

    // The first process goes away before the backoff is over; the reply waits in Redis.
    await harness.closeApp();
    process2 = await harness.startProcess({ store: await connectStore(), clock });
    clock.advance(60_000);
    const tick = await process2.lockcare.core.retries.tick();
    expect(tick.delivered).toHaveLength(1);
    const delivered = harness.smtp.mails.filter(to(customer));
    expect(delivered).toHaveLength(1);
    const [reply] = delivered;
    expect(threading(reply!)).toEqual(threading(attempt!));
    expect(reply!.parsed.inReplyTo).toBe(mail.messageId);
    const ticketId = ticketIdOf(reply!)!;
    expect(reply!.parsed.subject).toBe(`Re: [${ticketId}] Tarjeta no abre`);
    expect(reply!.raw).toMatch(/^Auto-Submitted: auto-replied/im);

    // Nothing is sent twice: later polls, from either side, find nothing due.
    clock.advance(3_600_000);
    expect((await process2.lockcare.core.retries.tick()).delivered).toEqual([]);
    expect(harness.smtp.mails.filter(to(customer))).toHaveLength(1);
    expect(await process2.lockcare.core.retries.pendingCount()).toBe(0);
    thread = { customerMessageId: mail.messageId, reply: reply!, ticketId };
  });

  it("the customer's answer to the retried mail joins the same ticket (its Message-ID was remembered)", async () => {
    const answer = rawMail({
      from: 'Inés <ines@hotel-rio.test>',
      subject: `Re: ${thread.reply.parsed.subject}`,
      text: 'Sigue sin abrir, la luz es roja.',
      inReplyTo: thread.reply.parsed.messageId!,
      references: [thread.customerMessageId, thread.reply.parsed.messageId!],
    });
    await harness.deliver(answer.raw);
    await expect
      .poll(async () => (await process2.lockcare.core.services.tickets!.get(thread.ticketId))?.lastCustomerMessageAt, { timeout: 10_000 })
      .toBeDefined();
  });

  it("an agent's reply: 451 is queued (noted on the ticket), then delivered once with the same threading, and recorded in the transcript", async () => {
    const signIn = await process2.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.4.1', payload: { username: 'lucia', password: AGENT_PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const post = (url: string, payload: unknown = {}) =>
      process2.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    expect((await post(`/api/agent/tickets/${thread.ticketId}/claim`)).statusCode).toBe(200);
    const customer = 'ines@hotel-rio.test';
    harness.smtp.failNext(1, 451, customer);
    const text = 'Hola Inés, soy Lucía. Cambie las pilas y pruebe la tarjeta otra vez.';
    const sent = await post(`/api/agent/tickets/${thread.ticketId}/messages`, { text });
    expect(sent.statusCode).toBe(200);
    const tickets = process2.lockcare.core.services.tickets!;
    expect((await tickets.get(thread.ticketId))!.notes.map((note) => note.text).join('\n')).toContain('Not delivered yet');
    const [attempt] = harness.smtp.refused.filter(to(customer)).slice(-1);
    expect(attempt!.parsed.text).toContain(text);
    const before = harness.smtp.mails.filter(to(customer)).length;

    clock.advance(60_000);
    expect((await process2.lockcare.core.retries.tick()).delivered).toHaveLength(1);
    clock.advance(3_600_000);
    await process2.lockcare.core.retries.tick();
    const delivered = harness.smtp.mails.filter(to(customer)).slice(before);
    expect(delivered).toHaveLength(1);
    expect(threading(delivered[0]!)).toEqual(threading(attempt!));
    expect(delivered[0]!.parsed.subject).toBe(`Re: [${thread.ticketId}] Tarjeta no abre`);
    expect(references(delivered[0]!)).toContain(thread.customerMessageId);
    expect(delivered[0]!.raw).not.toMatch(/^Auto-Submitted:/im);
    const ticket = (await tickets.get(thread.ticketId))!;
    const transcript = await process2.lockcare.core.transcript(ticket.conversationKey);
    expect(transcript.filter((entry) => entry.from === 'agent' && entry.text === text)).toHaveLength(1);
  });

  it('a permanent failure (550) is shown on the ticket and tried once only', async () => {
    const customer = 'closed@hotel-shut.test';
    harness.smtp.failNext(1, 550, customer);
    const before = harness.smtp.refused.length;
    await harness.deliver(rawMail({ from: `Closed <${customer}>`, subject: 'Handle', text: 'The handle of room 3 is loose.' }).raw);
    await expect.poll(() => harness.smtp.refused.filter(to(customer)).length, { timeout: 15_000 }).toBe(1);
    const [attempt] = harness.smtp.refused.slice(before);
    expect(attempt!.code).toBe(550);
    const ticketId = ticketIdOf(attempt!)!;
    await expect
      .poll(async () => (await process2.lockcare.core.services.tickets!.get(ticketId))?.notes.map((note) => note.text).join('\n') ?? '', { timeout: 10_000 })
      .toContain('E-mail to the customer could not be sent');
    await process2.channel.idle();
    clock.advance(25 * 3_600_000);
    const tick = await process2.lockcare.core.retries.tick();
    expect([...tick.delivered, ...tick.failed, ...tick.expired]).toEqual([]);
    expect(harness.smtp.refused.filter(to(customer))).toHaveLength(1);
    expect(harness.smtp.mails.filter(to(customer))).toEqual([]);
  });

  it('an on-call notice refused with 451 goes on the same queue and is sent once, unchanged', async () => {
    harness.smtp.failNext(1, 451, ONCALL);
    const refusedBefore = harness.smtp.refused.filter(to(ONCALL)).length;
    const mailsBefore = harness.smtp.mails.filter(to(ONCALL)).length;
    await harness.deliver(rawMail({ from: 'Bo <bo@hotel-fjord.test>', subject: 'Keypad', text: 'The keypad code does not open the door.' }).raw);
    await expect.poll(() => harness.smtp.refused.filter(to(ONCALL)).length, { timeout: 15_000 }).toBe(refusedBefore + 1);
    const attempt = harness.smtp.refused.filter(to(ONCALL)).at(-1)!;
    await expect.poll(() => process2.lockcare.core.retries.pendingCount(), { timeout: 5_000 }).toBe(1);
    clock.advance(60_000);
    expect((await process2.lockcare.core.retries.tick()).delivered).toHaveLength(1);
    clock.advance(3_600_000);
    await process2.lockcare.core.retries.tick();
    const notices = harness.smtp.mails.filter(to(ONCALL)).slice(mailsBefore);
    expect(notices).toHaveLength(1);
    expect(threading(notices[0]!)).toEqual(threading(attempt));
    expect(notices[0]!.parsed.text).toContain(`/console#${ticketIdOf(notices[0]!)}`);
  });
});
