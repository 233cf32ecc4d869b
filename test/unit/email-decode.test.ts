import { describe, expect, it } from 'vitest';
import { conversationIdOfRoot, decodeEmail, type EmailThreadHints } from '../../src/channels/email/email-decode.js';
import { baseSubject, stripQuotedReply, ticketIdInSubject } from '../../src/channels/email/email-reply-text.js';
import { composeEmail } from '../../src/channels/email/email-send.js';
import type { OutboundMessage } from '../../src/core/types.js';

const OURS = 'support@hotel-locks.test';
const mail = (headers: string[], body = 'The guest card does not open room 12.') =>
  [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
const base = ['From: Lee <lee@harbour.test>', `To: ${OURS}`, 'Subject: Card problem', 'Message-ID: <m1@harbour.test>'];

async function decode(raw: string, seen: EmailThreadHints[] = []) {
  return decodeEmail(raw, {
    ourAddress: OURS,
    mediaMaxBytes: 1024,
    maxLength: 4000,
    receivedAt: new Date(),
    conversationOf: async (hints) => {
      seen.push(hints);
      return conversationIdOfRoot(hints.root);
    },
  });
}

describe('decodeEmail', () => {
  it("decodes a person's mail: subject and new text, sender, Message-ID for dedupe, the thread in reference", async () => {
    const decoded = await decode(mail(base));
    expect(decoded.kind).toBe('message');
    if (decoded.kind !== 'message') return;
    expect(decoded.message.content).toEqual({ type: 'text', text: 'Card problem\n\nThe guest card does not open room 12.' });
    expect(decoded.message.user).toEqual({ id: 'lee@harbour.test', email: 'lee@harbour.test', name: 'Lee' });
    expect(decoded.message.platformMessageId).toBe('<m1@harbour.test>');
    expect(decoded.message.conversationId).toBe(conversationIdOfRoot('<m1@harbour.test>'));
    expect(decoded.message.reference).toMatchObject({ address: 'lee@harbour.test', subject: 'Card problem', messageId: '<m1@harbour.test>' });
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'automated'],
    ['Precedence: bulk', 'automated'],
    ['X-Autoreply: yes', 'automated'],
    ['List-Id: <owners.hotels.test>', 'mailing-list'],
    ['Return-Path: <>', 'bounce'],
  ])('ignores mail with %s', async (header, reason) => {
    expect(await decode(mail([...base, header]))).toMatchObject({ kind: 'ignored', reason });
  });

  it('ignores our own mail and mailer-daemon bounces (no loops)', async () => {
    expect(await decode(mail([`From: ${OURS}`, ...base.slice(1)]))).toMatchObject({ kind: 'ignored', reason: 'own-mail' });
    expect(await decode(mail(['From: MAILER-DAEMON@mx.test', ...base.slice(1)]))).toMatchObject({ kind: 'ignored', reason: 'bounce' });
  });

  it('threads a reply by In-Reply-To and References, and keeps only the new text', async () => {
    const seen: EmailThreadHints[] = [];
    const decoded = await decode(
      mail(
        [...base.slice(0, 2), 'Subject: Re: [LC-000042] Card problem', 'Message-ID: <m3@harbour.test>', 'In-Reply-To: <r2@hotel-locks.test>', 'References: <m1@harbour.test> <r2@hotel-locks.test>'],
        'Still red.\r\n\r\nOn Mon, 7 Dec 2026 Support <support@hotel-locks.test> wrote:\r\n> Thank you for your e-mail.',
      ),
      seen,
    );
    expect(seen[0]).toEqual({ messageId: '<m3@harbour.test>', related: ['<r2@hotel-locks.test>', '<m1@harbour.test>'], root: '<m1@harbour.test>', ticketId: 'LC-000042' });
    expect(decoded.kind === 'message' && decoded.message.content).toEqual({ type: 'text', text: 'Still red.' });
    expect(decoded.kind === 'message' && decoded.message.conversationId).toBe(conversationIdOfRoot('<m1@harbour.test>'));
  });
});

describe('reply text', () => {
  it('cuts quoted history in English, Spanish and Arabic, Outlook headers and signatures', () => {
    expect(stripQuotedReply('Sigue igual.\n\nEl lun, 7 dic 2026, Soporte escribió:\n> hola')).toBe('Sigue igual.');
    expect(stripQuotedReply('ما زالت المشكلة.\n\nفي 7 ديسمبر 2026، كتب الدعم:\n> مرحبا')).toBe('ما زالت المشكلة.');
    expect(stripQuotedReply('Done.\n\n-----Original Message-----\nFrom: Support\nSubject: x')).toBe('Done.');
    expect(stripQuotedReply('Done.\n\nDe: Soporte <support@hotel-locks.test>\nAsunto: x')).toBe('Done.');
    expect(stripQuotedReply('Room 12.\nFrom: 9 pm the card stopped working.')).toBe('Room 12.\nFrom: 9 pm the card stopped working.');
    expect(stripQuotedReply('Thanks\n-- \nLee, Harbour Hotel')).toBe('Thanks');
    expect(stripQuotedReply('Thanks\n\nSent from my iPhone')).toBe('Thanks');
    expect(stripQuotedReply('From: the front desk we tried a new card.')).toBe('From: the front desk we tried a new card.');
  });

  it('reads subjects: prefixes and our ticket tag', () => {
    expect(baseSubject('RE: Fwd: [LC-000042] Card problem')).toBe('Card problem');
    expect(baseSubject('RV: Tarjeta')).toBe('Tarjeta');
    expect(ticketIdInSubject('Re: [lc-000042] Card problem')).toBe('LC-000042');
    expect(ticketIdInSubject('Card problem')).toBeUndefined();
  });
});

describe('composeEmail', () => {
  const arabic: OutboundMessage = { reply: { type: 'text', text: 'شكرًا لرسالتك.' }, language: 'ar', dir: 'rtl', author: { kind: 'bot' } };
  it('answers in the thread with the ticket in the subject, text and right-to-left HTML', () => {
    const composed = composeEmail([arabic], { address: 'omar@nile.test', subject: 'القفل', messageId: '<m1@nile.test>', references: ['<m1@nile.test>'] }, { ticketId: 'LC-000007', domain: 'hotel-locks.test' });
    expect(composed).toMatchObject({ to: 'omar@nile.test', subject: 'Re: [LC-000007] القفل', inReplyTo: '<m1@nile.test>', references: ['<m1@nile.test>'], text: 'شكرًا لرسالتك.', automatic: true });
    expect(composed.html).toContain('<div dir="rtl"');
    expect(composed.messageId).toMatch(/@hotel-locks\.test>$/);
  });

  it('takes every attachment through the media checks: the first as the media, the others in `more`; unsupported types left aside', async () => {
    const part = (name: string, type: string, bytes: Buffer) => [`--b1`, `Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', bytes.toString('base64')];
    const raw = [
      ...base,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Photos attached.',
      ...part('notes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', Buffer.from('PK')),
      ...part('a.png', 'image/png', Buffer.from('png-a')),
      ...part('big.mp4', 'video/mp4', Buffer.alloc(2048, 1)),
      ...part('b.pdf', 'application/pdf', Buffer.from('%PDF-b')),
      '--b1--',
      '',
    ].join('\r\n');
    const decoded = await decode(raw);
    expect(decoded.kind).toBe('message');
    if (decoded.kind !== 'message' || decoded.message.content.type !== 'media') throw new Error('expected media');
    const { media, more, text } = decoded.message.content;
    expect(text).toBe('Card problem\n\nPhotos attached.');
    expect(media).toMatchObject({ kind: 'image', fileName: 'a.png', dataBase64: Buffer.from('png-a').toString('base64') });
    // Over MEDIA_MAX_BYTES (1024 here): described without its bytes, so the reply can name it.
    expect(more?.map((file) => [file.fileName, file.kind, file.sizeBytes, file.dataBase64 !== undefined])).toEqual([
      ['big.mp4', 'video', 2048, false],
      ['b.pdf', 'file', 6, true],
    ]);
  });
});
