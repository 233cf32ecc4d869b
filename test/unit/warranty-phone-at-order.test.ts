import { describe, expect, it } from 'vitest';
import { looksLikePhoneNumber } from '../../dialogs/warranty/verify-steps.js';
import { testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore } from '../helpers/warranty-harness.js';

/**
 * Issue 12, defect 8: a phone number typed where the order number is asked is not a failed
 * attempt. The bot says once what a phone can confirm (only the phone the chat comes from) and
 * asks for the order number again — the same answer whether or not the number is on record, so
 * it tells nothing about the owner; a second typed phone counts as usual.
 */
const t = testTranslator();
const OWNER_PHONE = '+971 50 999 0478';
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;

async function atOrderStep(language: keyof typeof GREETING) {
  const harness = await createWarrantyCore();
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user('c1');
  await u.say(GREETING[language]);
  await u.say({ value: 'menu:warranty' });
  expect(await u.say('LC-TEST-0478')).toEqual([t.t(language, 'warranty.askOrder')]);
  return u;
}

describe.each(['en', 'es', 'ar'] as const)('a phone number at the order step in %s', (language) => {
  it('is explained once and not counted; the order number still verifies', async () => {
    const u = await atOrderStep(language);
    expect(await u.say(OWNER_PHONE)).toEqual([t.t(language, 'warranty.phoneNotOrder')]);
    const out = await u.say('po test 478');
    expect(out[0]).toBe(t.t(language, 'warranty.verifiedOrder'));
  });

  it('gets the same answer for a number that is not on record, and a second one counts as a failure', async () => {
    const u = await atOrderStep(language);
    expect(await u.say('+971 50 000 0000')).toEqual([t.t(language, 'warranty.phoneNotOrder')]);
    expect(await u.say('(050) 999-0478')).toEqual([t.t(language, 'warranty.mismatch', { count: 2 })]);
    expect(await u.say('PO-TEST-999')).toEqual([t.t(language, 'warranty.mismatch', { count: 1 })]);
  });
});

describe('what looks like a phone number', () => {
  it.each(['+34 961 234 567', '+52 (998) 123-4567', '0034961234567', '050 999 0478', '٠٥٠٩٩٩٠٤٧٨'])('"%s" does', (text) => {
    expect(looksLikePhoneNumber(text)).toBe(true);
  });
  it.each(['PO-ES-23-0412', 'po test 478', '478', '12345', 'call me', '+1 555'])('"%s" does not', (text) => {
    expect(looksLikePhoneNumber(text)).toBe(false);
  });
});
