import { stripIsolates } from '../../src/core/bidi.js';
import { describe, expect, it } from 'vitest';
import { choicesOf, testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore } from '../helpers/warranty-harness.js';

const t = testTranslator();
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;
const LANGS = ['en', 'es', 'ar'] as const;
/** LC-TEST-0478 was bought on 2025-03-14: free maintenance to 2028-03-14, 478 days after 2026-11-22. */
const OWNER_PHONE = '+971 50 999 0478';
const FREE_MAINTENANCE = {
  en: '✅ Covered: Free maintenance by the manufacturer until 14 March 2028 — 478 days left',
  es: '✅ Cubierto: Mantenimiento gratuito del fabricante hasta el 14 de marzo de 2028: quedan 478 días',
  ar: '✅ مشمول: صيانة مجانية من الشركة المصنّعة حتى 14 مارس 2028 — بقي 478 يوماً',
};
const HOTEL = 'Test Hotel Dubai Marina';

async function startWarranty(language: (typeof LANGS)[number], phone?: string, conversation = 'c1') {
  const harness = await createWarrantyCore();
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user(conversation, phone ? { user: { id: 'u1', phone } } : {});
  await u.say(GREETING[language]);
  const asked = await u.send({ value: 'menu:warranty' });
  return { ...harness, u, asked };
}

describe.each(LANGS)('warranty verification in %s', (language) => {
  it('asks for the serial with a hint, and shows where the label is per model', async () => {
    const { u, asked } = await startWarranty(language);
    expect(asked.at(-1)?.reply).toMatchObject({ text: t.t(language, 'warranty.askSerial') });
    expect(choicesOf(asked).map((choice) => choice.title)).toEqual([t.t(language, 'warranty.choice.whereSerial')]);
    const models = await u.send({ value: 'warranty:where-serial' });
    expect(choicesOf(models).map((choice) => choice.title)).toContain(t.t(language, 'warranty.model.bt-500.name'));
    expect(await u.say({ value: 'warranty:model:bt-500' })).toEqual([t.t(language, 'warranty.model.bt-500.hint'), t.t(language, 'warranty.sendSerialNow')]);
  });

  it('verifies by the channel phone and explains the status with dates in the language', async () => {
    const { u } = await startWarranty(language, OWNER_PHONE);
    const out = await u.say('S/N: lc test 0478');
    expect(out[0]).toBe(t.t(language, 'warranty.verifiedPhone'));
    expect(stripIsolates(out[1]!).split('\n')).toContain(FREE_MAINTENANCE[language]);
    expect(out[1]).toContain(t.t(language, 'warranty.where.manufacturer'));
    expect(out[2]).toBe(t.t(language, 'warranty.nextPrompt'));
    expect((await u.state())?.facts.warranty).toMatchObject({ serial: 'LC-TEST-0478', status: 'covered', verifiedBy: 'phone', asOf: '2026-11-22' });
  });

  it('without a matching phone asks for the order number, and verifies with it', async () => {
    const { u } = await startWarranty(language, '+971 50 000 0000');
    expect(await u.say('LC-TEST-0478')).toEqual([t.t(language, 'warranty.askOrder')]);
    const out = await u.say('po test 478');
    expect(out[0]).toBe(t.t(language, 'warranty.verifiedOrder'));
    expect(stripIsolates(out[1]!).split('\n')).toContain(FREE_MAINTENANCE[language]);
  });

  it('a wrong order number shows nothing about the lock and says how many attempts are left', async () => {
    const { u } = await startWarranty(language);
    await u.say('LC-TEST-0478');
    const out = await u.say('PO-TEST-999');
    expect(out).toEqual([t.t(language, 'warranty.mismatch', { count: 2 })]);
    expect(out.join(' ')).not.toMatch(/RF-200|Dubai|2028|PO-TEST-478/);
    expect(JSON.stringify(await u.state())).not.toContain(HOTEL);
  });

  it('an unknown serial gets the same answers as a known one, and counts as a failed attempt', async () => {
    const { u } = await startWarranty(language);
    expect(await u.say('ZZ-9999-0001')).toEqual([t.t(language, 'warranty.askOrder')]);
    expect(await u.say('PO-TEST-478')).toEqual([t.t(language, 'warranty.mismatch', { count: 2 })]);
  });

  it('locks lookups for an hour after three failed attempts', async () => {
    const { u, clock, user } = await startWarranty(language, '+971 50 000 0000');
    await u.say('LC-TEST-0478');
    expect(await u.say('wrong-1')).toEqual([t.t(language, 'warranty.mismatch', { count: 2 })]);
    expect(await u.say({ value: 'warranty:other-serial' })).toEqual([t.t(language, 'warranty.askSerial')]);
    await u.say('ZZ-0000-0002');
    expect(await u.say('wrong-2')).toEqual([t.t(language, 'warranty.mismatch', { count: 1 })]);
    const locked = await u.send('wrong-3');
    expect(locked.map((message) => message.reply.type === 'text' && message.reply.text)).toEqual([t.t(language, 'warranty.lockedOut')]);
    expect(choicesOf(locked).map((choice) => choice.value)).toEqual(['warranty:human', 'warranty:menu']);

    // Even the right serial from the owner's phone is refused in this conversation for the hour.
    await u.say({ value: 'warranty:menu' });
    clock.advance(59 * 60_000);
    expect(await u.say({ value: 'menu:warranty' }, { user: { id: 'u1', phone: OWNER_PHONE } })).toEqual([t.t(language, 'warranty.lockedOut')]);
    // Another conversation is not affected.
    const other = user('c2', { user: { id: 'u2', phone: OWNER_PHONE } });
    await other.say(GREETING[language]);
    await other.say({ value: 'menu:warranty' });
    expect((await other.say('LC-TEST-0478'))[0]).toBe(t.t(language, 'warranty.verifiedPhone'));

    clock.advance(60_000);
    await u.say({ value: 'warranty:menu' });
    expect(await u.say({ value: 'menu:warranty' })).toEqual([t.t(language, 'warranty.askSerial')]);
    expect((await u.say('LC-TEST-0478', { user: { id: 'u1', phone: OWNER_PHONE } }))[0]).toBe(t.t(language, 'warranty.verifiedPhone'));
  });

  it('without the order number offers a person, who gets the serial but no verification', async () => {
    const { u, handoff } = await startWarranty(language);
    await u.say('LC-TEST-0478');
    expect(await u.say({ value: 'warranty:no-order' })).toEqual([t.t(language, 'warranty.noOrder')]);
    expect(await u.say({ value: 'warranty:human' })).toEqual([t.t(language, 'handoff.followUp')]);
    expect(handoff.requests).toEqual([{ reason: 'user-request', topic: 'warranty', details: { serial: 'LCTEST0478', verified: false } }]);
  });

  it('rejects text that is not a serial without counting an attempt', async () => {
    const { u } = await startWarranty(language);
    expect(await u.say('??')).toEqual([t.t(language, 'warranty.invalidSerial')]);
  });
});
