import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/core/types.js';
import type { Ticket } from '../../src/handoff/ticket-types.js';
import { AGENT_PASSWORD, rawMail, startEmailHarness, SUPPORT_ADDRESS, type EmailHarness } from '../helpers/email-harness.js';
import { realFaq, t } from '../helpers/faq-harness.js';
import type { RecordedMail } from '../helpers/smtp-recorder.js';

/** CHANNELS=web,email against a real Dovecot (IMAP IDLE) and a real SMTP server. */
let harness: EmailHarness;
const OLD_MAIL = rawMail({ from: 'old@hotel-past.test', subject: 'Old question', text: 'The guest card does not open the door.' });
beforeAll(async () => {
  // A mail already in the vendor's mailbox before LockCare first connects to it.
  harness = await startEmailHarness({ EMAIL_POLL_MS: '600000' }, { mailBeforeStart: [OLD_MAIL.raw] });
});
afterAll(async () => {
  await harness?.close();
});

const GUEST = 'Marta Ruiz <marta@hotel-sol.test>';
const ticketIdOf = (mail: RecordedMail) => /\[(LC-\d{6})\]/.exec(mail.parsed.subject ?? '')?.[1];
async function ticket(id: string): Promise<Ticket> {
  const found = await harness.lockcare.core.services.tickets!.get(id);
  if (!found) throw new Error(`no ticket ${id}`);
  return found;
}
/** Deliver a mail and wait for the next reply; returns it and the delay from APPEND to the SMTP server. */
async function deliverAndAwaitReply(raw: string): Promise<{ reply: RecordedMail; ms: number; uid: number }> {
  const count = harness.smtp.mails.length;
  const started = performance.now();
  const uid = await harness.deliver(raw);
  const [reply] = (await harness.smtp.waitFor(count + 1)).slice(count);
  return { reply: reply!, ms: performance.now() - started, uid };
}

describe('e-mail journey (IMAP IDLE)', () => {
  let first: { reply: RecordedMail; messageId: string; ticketId: string };

  it('a Spanish e-mail about a rejected card gets the self-check answer and a ticket number, in the thread', async () => {
    const topic = (await realFaq()).topic('card-rejected')!.content.es;
    const mail = rawMail({
      from: GUEST,
      subject: 'Tarjeta rechazada en la habitación 214',
      text: 'Hola,\nla tarjeta del huésped no abre la puerta, la cerradura da luz roja y pitidos.\nGracias\n\n-- \nMarta Ruiz\nHotel Sol',
    });
    const { reply, ms, uid } = await deliverAndAwaitReply(mail.raw);
    const ticketId = ticketIdOf(reply);
    expect(ticketId).toMatch(/^LC-\d{6}$/);
    expect(reply.to).toEqual(['marta@hotel-sol.test']);
    expect(reply.parsed.from?.value[0]?.address).toBe(SUPPORT_ADDRESS);
    expect(reply.parsed.subject).toBe(`Re: [${ticketId}] Tarjeta rechazada en la habitación 214`);
    expect(reply.parsed.inReplyTo).toBe(mail.messageId);
    const text = reply.parsed.text ?? '';
    expect(text).toContain(topic.answer);
    expect(text).toContain(`1. ${topic.tree!.steps[topic.tree!.start]!.text}`);
    expect(text).toContain(ticketId!);
    expect(text).toContain(t.t('es', 'email.replyInThread', { ticket: ticketId }));
    expect(reply.parsed.html).toContain('dir="ltr"');
    const opened = await ticket(ticketId!);
    expect(opened.channel).toBe('email');
    expect(opened.topic).toBe('card-rejected');
    expect(opened.language).toBe('es');
    // The yearly survey writes to the address kept on the conversation.
    expect((await harness.lockcare.core.getState(opened.conversationKey))?.user.email).toBe('marta@hotel-sol.test');
    // SLA_EMAIL_HOURS (24 by default): the warranty card's "reply within 24 hours upon receipt the email".
    expect(Date.parse(opened.dueAt) - Date.parse(opened.createdAt)).toBe(24 * 3_600_000);
    await harness.channel.idle();
    expect(await harness.flagsOf(uid)).toContain('\\Seen');
    first = { reply, messageId: mail.messageId, ticketId: ticketId! };
    process.stdout.write(`email delay (IDLE): mailbox → reply ${Math.round(ms)} ms\n`);
  });

  it("the customer's reply in the thread lands in the same ticket", async () => {
    const ourId = first.reply.parsed.messageId!;
    const answer = rawMail({
      from: GUEST,
      subject: `RE: ${first.reply.parsed.subject}`,
      text: 'Ya grabé una tarjeta nueva y sigue con luz roja.\n\nEl sáb, 5 dic 2026, Soporte <support@hotel-locks.test> escribió:\n> Gracias por su correo.\n> texto anterior',
      inReplyTo: ourId,
      references: [first.messageId, ourId],
    });
    const ticketsBefore = (await harness.lockcare.core.services.tickets!.get(first.ticketId))!;
    await harness.deliver(answer.raw);
    await expect.poll(async () => (await ticket(first.ticketId)).lastCustomerMessageAt, { timeout: 10_000 }).toBeDefined();
    expect(ticketsBefore.lastCustomerMessageAt).toBeUndefined();
    const transcript = await harness.lockcare.core.transcript(conversationKey('email', (await ticket(first.ticketId)).conversationId));
    const customerLines = transcript.filter((entry) => entry.from === 'customer').map((entry) => entry.text);
    expect(customerLines.at(-1)).toBe('Ya grabé una tarjeta nueva y sigue con luz roja.');
    expect((await harness.lockcare.core.services.tickets!.get('LC-000002'))).toBeNull();
  });

  it("an agent's console reply arrives in the customer's mailbox as a threaded reply", async () => {
    const post = await harness.agent();
    expect((await post(`/api/agent/tickets/${first.ticketId}/claim`)).statusCode).toBe(200);
    const count = harness.smtp.mails.length;
    const sent = await post(`/api/agent/tickets/${first.ticketId}/messages`, { text: 'Hola Marta, soy Lucía. Revise el reloj de la cerradura, por favor.' });
    expect(sent.statusCode).toBe(200);
    const [reply] = (await harness.smtp.waitFor(count + 1)).slice(count);
    expect(reply!.to).toEqual(['marta@hotel-sol.test']);
    expect(reply!.parsed.subject).toBe(`Re: [${first.ticketId}] Tarjeta rechazada en la habitación 214`);
    const references = reply!.parsed.references;
    expect(Array.isArray(references) ? references : [references]).toContain(first.messageId);
    expect(reply!.parsed.inReplyTo).not.toBe(first.messageId);
    expect(reply!.parsed.text).toContain('Hola Marta, soy Lucía. Revise el reloj de la cerradura, por favor.');
    expect(reply!.raw).not.toMatch(/^Auto-Submitted:/im);
    expect((await ticket(first.ticketId)).firstReplyAt).toBeDefined();
  });

  it('an out-of-office auto-reply is ignored (marked seen, never answered)', async () => {
    const count = harness.smtp.mails.length;
    const uid = await harness.deliver(
      rawMail({
        from: 'Jefe de recepción <recepcion@hotel-sol.test>',
        subject: 'Fuera de la oficina: Tarjeta rechazada',
        text: 'Estoy fuera de la oficina hasta el lunes.',
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      }).raw,
    );
    await expect.poll(async () => (await harness.flagsOf(uid)).has('\\Seen'), { timeout: 10_000 }).toBe(true);
    await harness.channel.idle();
    expect(harness.smtp.mails.length).toBe(count);
  });

  it('mail that was in the mailbox before LockCare first connected is left for people', async () => {
    await harness.channel.check();
    expect(harness.smtp.mails.filter((mail) => mail.to.includes('old@hotel-past.test'))).toEqual([]);
    expect(await harness.flagsOf(1)).not.toContain('\\Seen');
  });

  it('the same message delivered twice, and re-read after a crash, gets one reply', async () => {
    const mail = rawMail({ from: 'Omar <omar@hotel-nile.test>', subject: 'Battery', text: 'The lock shows a low battery warning, what should I do?' });
    const { uid } = await deliverAndAwaitReply(mail.raw);
    const count = harness.smtp.mails.length;
    const again = await harness.deliver(mail.raw);
    await expect.poll(async () => (await harness.flagsOf(again)).has('\\Seen'), { timeout: 10_000 }).toBe(true);
    // A crash between the saved turn and \Seen: the mail is unseen again and read once more.
    await harness.markUnseen(uid);
    await harness.channel.check();
    expect(await harness.flagsOf(uid)).toContain('\\Seen');
    expect(harness.smtp.mails.length).toBe(count);
  });

  it("a photo of the lock goes onto the ticket with the mail's text", async () => {
    const photo = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const { reply } = await deliverAndAwaitReply(
      rawMail({
        from: 'Lee <lee@harbour.test>',
        subject: 'Display',
        text: 'The lock in room 5 shows this on its display, the card is rejected.',
        attachment: { fileName: 'display.png', mimeType: 'image/png', bytes: photo },
      }).raw,
    );
    const stored = await ticket(ticketIdOf(reply)!);
    expect(stored.media).toHaveLength(1);
    expect(stored.media[0]).toMatchObject({ kind: 'image', mimeType: 'image/png', fileName: 'display.png', sizeBytes: photo.length, stored: true });
    expect(reply.parsed.text).toContain(t.t('en', 'handoff.mediaAttached', { ticket: stored.id }));
  });

  it('a 20 MB attachment is refused politely, in the customer\'s language', async () => {
    const mail = rawMail({
      from: 'Omar <omar@hotel-desert.test>',
      subject: 'فيديو القفل',
      text: 'القفل لا يفتح بالبطاقة، أرسلت لكم فيديو للمشكلة.',
      attachment: { fileName: 'lock.mp4', mimeType: 'video/mp4', bytes: Buffer.alloc(20 * 1024 * 1024, 7) },
    });
    const { reply } = await deliverAndAwaitReply(mail.raw);
    const ticketId = ticketIdOf(reply)!;
    expect(reply.parsed.text).toContain(t.t('ar', 'handoff.mediaTooLarge', { max: 16 }));
    expect(reply.parsed.html).toContain('dir="rtl"');
    expect((await ticket(ticketId)).media).toEqual([]);
  });

  it('every attachment of a mail goes through the media checks: the photos and the PDF onto the ticket, the oversized video named, the .docx left aside', async () => {
    const photo = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const second = Buffer.concat([photo, Buffer.from('second')]);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const { reply } = await deliverAndAwaitReply(
      rawMail({
        from: 'Kim <kim@harbour-east.test>',
        subject: 'Room 9 lock',
        text: 'The lock in room 9 rejects every card. Photos of the display, the invoice and a video are attached.',
        attachments: [
          { fileName: 'report.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: Buffer.from('PK docx') },
          { fileName: 'display.png', mimeType: 'image/png', bytes: photo },
          { fileName: 'video.mp4', mimeType: 'video/mp4', bytes: Buffer.alloc(17 * 1024 * 1024, 3) },
          { fileName: 'invoice.pdf', mimeType: 'application/pdf', bytes: pdf },
          { fileName: 'display-2.png', mimeType: 'image/png', bytes: second },
        ],
      }).raw,
    );
    const stored = await ticket(ticketIdOf(reply)!);
    expect(stored.media.map((media) => [media.fileName, media.kind, media.sizeBytes, media.stored])).toEqual([
      ['display.png', 'image', photo.length, true],
      ['invoice.pdf', 'file', pdf.length, true],
      ['display-2.png', 'image', second.length, true],
    ]);
    const text = reply.parsed.text ?? '';
    expect(text).toContain(t.t('en', 'handoff.mediaAttachedMany', { ticket: stored.id }));
    expect(text).toContain(t.t('en', 'handoff.mediaFileTooLarge', { file: 'video.mp4', max: 16 }));
    expect(text).not.toContain(t.t('en', 'handoff.mediaUnsupported'));
    // The agent can open each file from the console.
    const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.3.7', payload: { username: 'lucia', password: AGENT_PASSWORD } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    for (const [index, bytes] of [photo, pdf, second].entries()) {
      const file = await harness.app.inject({ method: 'GET', url: `/api/agent/tickets/${stored.id}/media/${stored.media[index]!.index}`, headers: { cookie } });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(bytes)).toBe(true);
    }
  });
});
