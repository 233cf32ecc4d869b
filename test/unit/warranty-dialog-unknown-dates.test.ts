import { describe, expect, it } from 'vitest';
import { choicesOf, testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore, policies } from '../helpers/warranty-harness.js';

/**
 * A record without the date a free remedy runs from: the bot must say it can't tell yet,
 * never that the warranty "has ended" or that the repair "will be charged" (review W1).
 */
const t = testTranslator();
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;
const LANGS = ['en', 'es', 'ar'] as const;
type Lang = (typeof LANGS)[number];
const hotel = policies.get('hotel-lock-3y')!;
const answer = (id: string) => ({ value: `warranty:answer:${id}` });

/** Verified by order number on 2026-11-22 from a phone that is not on record. */
async function verifiedByOrder(language: Lang, serial: string, orderNo: string) {
  const harness = await createWarrantyCore();
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user('c1', { user: { id: 'u1', phone: '+1 555 000 0000' } });
  await u.say(GREETING[language]);
  await u.say({ value: 'menu:warranty' });
  await u.say(serial);
  const afterOrder = await u.say(orderNo);
  return { ...harness, u, afterOrder };
}

/** What must never be said when the dates are unknown. */
function expectNoVerdict(language: Lang, texts: string[], lock: string): void {
  const all = texts.join('\n');
  expect(all).not.toContain(t.t(language, 'warranty.status.expired', { lock, policy: hotel.name[language] }));
  expect(all).not.toContain(t.t(language, 'warranty.where.paid'));
  expect(all).not.toContain(t.t(language, 'warranty.fault.expired', { lock }));
  expect(all).not.toContain(t.t(language, 'warranty.fault.paid', { lock }));
}

describe.each(LANGS)('unknown start dates in %s', (language) => {
  it('no dates on record and "I don\'t know" twice: "can\'t tell yet", a neutral where-to-go line and a claim offered', async () => {
    const lock = 'BT500-2502-02011 (BT-500)';
    const { u, afterOrder } = await verifiedByOrder(language, 'BT500-2502-02011', 'PO-SA-25-0021');
    expect(afterOrder).toEqual([t.t(language, 'warranty.verifiedOrder'), t.t(language, 'warranty.askDate.installation', { lock })]);
    expect(await u.say({ value: 'warranty:date-unknown' })).toEqual([t.t(language, 'warranty.askDate.purchase', { lock })]);
    const status = await u.send({ value: 'warranty:date-unknown' });
    const said = status.map((message) => (message.reply.type === 'text' ? message.reply.text : ''));
    const lines = said[0]!.split('\n');
    expect(lines[0]).toBe(t.t(language, 'warranty.status.unknown', { lock, policy: hotel.name[language] }));
    expect(lines).toContain(t.t(language, 'warranty.remedy.unknown', { remedy: hotel.remedies[2]!.name[language], field: t.t(language, 'warranty.dateField.purchase') }));
    expect(lines.at(-1)).toBe(t.t(language, 'warranty.where.unknown'));
    expect(said[1]).toBe(t.t(language, 'warranty.unknownPrompt'));
    expect(choicesOf(status).map((choice) => choice.value)).toEqual(['warranty:claim', 'warranty:fault', 'warranty:menu']);
    expectNoVerdict(language, said, lock);

    // A fault report cannot be called paid either: it needs the date.
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', 'none', 'neither']) await u.say(answer(id));
    const result = await u.say(answer('electronics'));
    expect(result[0]!.split('\n')[0]).toBe(t.t(language, 'warranty.fault.needsDate', { field: t.t(language, 'warranty.dateField.installation') }));
    expectNoVerdict(language, result, lock);
  });

  it('seller periods over but the purchase date unknown: still "can\'t tell yet", since free maintenance may run', async () => {
    const lock = 'RF200-2406-00502 (RF-200)';
    const { u } = await verifiedByOrder(language, 'RF200-2406-00502', 'PO-AE-24-3310');
    const said = await u.say({ value: 'warranty:date-unknown' });
    const lines = said[0]!.split('\n');
    expect(lines[0]).toBe(t.t(language, 'warranty.status.unknown', { lock, policy: hotel.name[language] }));
    expect(lines).toContain(t.t(language, 'warranty.remedy.unknown', { remedy: hotel.remedies[2]!.name[language], field: t.t(language, 'warranty.dateField.purchase') }));
    expectNoVerdict(language, said, lock);
  });

  it('a known ended period still says "has ended"', async () => {
    const lock = 'RF200-2107-00033 (RF-200)';
    const { afterOrder } = await verifiedByOrder(language, 'RF200-2107-00033', 'PO-ES-21-0077');
    expect(afterOrder[1]!.split('\n')[0]).toBe(t.t(language, 'warranty.status.expired', { lock, policy: hotel.name[language] }));
    expect(afterOrder[1]).toContain(t.t(language, 'warranty.where.paid'));
    expect(afterOrder[2]).toBe(t.t(language, 'warranty.nextPrompt'));
  });
});
