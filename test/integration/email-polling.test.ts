import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail, startEmailHarness, SUPPORT_ADDRESS, type EmailHarness } from '../helpers/email-harness.js';
import { realFaq } from '../helpers/faq-harness.js';

/** The polling fallback (EMAIL_IDLE=false), agent notices by mail, HTML-only mail and a permanent SMTP failure (temporary ones: email-send-retry.test.ts). */
let harness: EmailHarness;
beforeAll(async () => {
  harness = await startEmailHarness({
    EMAIL_IDLE: 'false',
    EMAIL_POLL_MS: '300',
    AGENT_NOTIFY_EMAILS: 'oncall@vendor.test, lead@vendor.test',
    PUBLIC_URL: 'https://support.vendor.test',
  });
});
afterAll(async () => {
  await harness?.close();
});

describe('e-mail by polling', () => {
  it('answers an HTML-only mail found by polling, and the on-call agents get a notice with the console link', async () => {
    const topic = (await realFaq()).topic('low-battery-warning')!.content.en;
    const html = '<html><body><p>Hello,</p><p>our door lock shows a <b>low battery warning</b> and keeps beeping. What should we do?</p></body></html>';
    const raw = [
      'From: Lee <lee@harbour-hotel.test>',
      `To: ${SUPPORT_ADDRESS}`,
      'Subject: Lock beeping',
      'Message-ID: <html-only-1@harbour-hotel.test>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n');
    const started = performance.now();
    await harness.deliver(raw);
    const mails = await harness.smtp.waitFor(2);
    const ms = performance.now() - started;
    const reply = mails.find((mail) => mail.to.includes('lee@harbour-hotel.test'))!;
    const notice = mails.find((mail) => mail.to.includes('oncall@vendor.test'))!;
    expect(reply.parsed.text).toContain(topic.answer);
    const ticketId = /\[(LC-\d{6})\]/.exec(reply.parsed.subject ?? '')![1]!;
    expect(notice.to.sort()).toEqual(['lead@vendor.test', 'oncall@vendor.test']);
    expect(notice.parsed.subject).toContain(ticketId);
    expect(notice.parsed.text).toContain(`https://support.vendor.test/console#${ticketId}`);
    process.stdout.write(`email delay (polling every 300 ms): mailbox → reply ${Math.round(ms)} ms\n`);
  });

  it('a permanent SMTP failure is shown on the ticket', async () => {
    const count = harness.smtp.mails.length;
    harness.smtp.failNext(1, 550, 'gone@hotel-closed.test');
    await harness.deliver(rawMail({ from: 'Gone <gone@hotel-closed.test>', subject: 'Handle', text: 'The handle of room 3 is loose.' }).raw);
    // The on-call notice still goes out; the customer's reply is refused for good.
    const [notice] = (await harness.smtp.waitFor(count + 1)).slice(count);
    const ticketId = /\[(LC-\d{6})\]/.exec(notice!.parsed.subject ?? '')![1]!;
    await expect
      .poll(async () => (await harness.lockcare.core.services.tickets!.get(ticketId))?.notes.map((note) => note.text).join('\n') ?? '', { timeout: 10_000 })
      .toContain('E-mail to the customer could not be sent');
    expect(harness.smtp.mails.filter((mail) => mail.to.includes('gone@hotel-closed.test'))).toEqual([]);
  });
});
