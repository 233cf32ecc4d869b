import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/core/types.js';
import { createTestApp } from '../helpers/app-harness.js';
import { t } from '../helpers/faq-harness.js';

/** The e-mail intake dialog through the real core (all features, sample registry), without IMAP. */
let harness: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  harness = await createTestApp();
});
afterAll(async () => harness.close());

async function mailTurn(text: string, from = 'manager@miramar.test', app = harness): Promise<string> {
  const message: InboundMessage = {
    channel: 'email',
    conversationId: randomUUID(),
    user: { id: from, email: from },
    platformMessageId: `<${randomUUID()}@miramar.test>`,
    content: { type: 'text', text },
    reference: { address: from, subject: 'Warranty', messageId: '<x@miramar.test>' },
  };
  const result = await app.lockcare.core.handle(message);
  expect(result.state?.mode).toBe('waiting');
  expect(result.state?.ticketId).toMatch(/^LC-\d{6}$/);
  return result.outbound.map((item) => item.reply.text ?? '').join('\n\n');
}

describe('email-intake dialog', () => {
  it('gives the registry answer when the mail has the serial and the order number on record', async () => {
    const text = await mailTurn('Warranty question\n\nIs our lock RF200-2311-00012 still under warranty? Our purchase order is PO-ES-23-0412.');
    expect(text).toContain(t.t('en', 'email.warrantyVerified'));
    expect(text).toContain('RF-200');
  });

  it('keeps the record private with a wrong order number, and for an unknown serial answers the same', async () => {
    const wrong = await mailTurn('Is our lock RF200-2311-00012 under warranty? Order PO-XX-99-0001.');
    expect(wrong).toContain(t.t('en', 'email.warrantyNeedsOrder'));
    expect(wrong).not.toContain('RF-200');
    expect(wrong).not.toContain('Miramar');
    const unknown = await mailTurn('Is our lock RF200-9999-99999 under warranty? Order PO-ES-23-0412.');
    expect(unknown).toContain(t.t('en', 'email.warrantyNeedsOrder'));
    expect(unknown).not.toContain('RF-200');
  });

  it('offers the closest topics when FAQ search is not confident, and still opens a ticket', async () => {
    const text = await mailTurn('Hello, we have a question about something with our doors.');
    expect(text).toContain(t.t('en', 'email.thanks'));
    expect(text).toMatch(/\d{6}/);
  });

  describe('with the registry\'s optional email column', () => {
    let withEmail: Awaited<ReturnType<typeof createTestApp>>;
    beforeAll(async () => {
      withEmail = await createTestApp({ REGISTRY_FILE: fileURLToPath(new URL('../fixtures/warranty/registry-with-email.csv', import.meta.url)) });
    });
    afterAll(async () => withEmail.close());

    it('gives the registry answer to a mail from an address on record for that lock, without the order number', async () => {
      const text = await mailTurn('Is our lock RF200-2402-00231 still under warranty?', 'Compras@HotelSol.test', withEmail);
      expect(text).toContain(t.t('en', 'email.warrantyVerifiedByAddress'));
      expect(text).not.toContain(t.t('en', 'email.warrantyNeedsOrder'));
      expect(text).toContain('RF-200');
    });

    it('keeps the record private for a mail from any other address, even one on record for another lock', async () => {
      for (const from of ['someone@gmail.test', 'reception@miramar-valencia.test']) {
        const text = await mailTurn('Is our lock RF200-2402-00231 still under warranty?', from, withEmail);
        expect(text).toContain(t.t('en', 'email.warrantyNeedsOrder'));
        expect(text).not.toContain('RF-200');
        expect(text).not.toContain('Cancún');
      }
    });

    it('a lock with no address on record still needs the order number', async () => {
      const text = await mailTurn('Is our lock BT500-2411-03310 still under warranty?', 'ops@riyadh-palace.test', withEmail);
      expect(text).toContain(t.t('en', 'email.warrantyNeedsOrder'));
    });
  });
});
