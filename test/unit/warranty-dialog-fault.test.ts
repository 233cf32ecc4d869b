import { describe, expect, it } from 'vitest';
import type { Dialog } from '../../src/core/dialog.js';
import { choicesOf, testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore, policies } from '../helpers/warranty-harness.js';

const t = testTranslator();
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;
const LANGS = ['en', 'es', 'ar'] as const;
type Lang = (typeof LANGS)[number];
const hotel = policies.get('hotel-lock-3y')!;
const global = policies.get('global-12m')!;
const clause = (language: Lang, text: Record<Lang, string>) => t.t(language, 'warranty.clause', { clause: text[language] });
const causeClause = (policy: typeof hotel, id: string) => policy.voidingCauses.find((cause) => cause.id === id)!.clause;

/** Verified by phone on 2026-11-22, at the status prompt. */
async function verified(language: Lang, serial: string, phone: string, extra: Dialog[] = []) {
  const harness = await createWarrantyCore({ extraDialogs: extra });
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user('c1', { user: { id: 'u1', phone } });
  await u.say(GREETING[language]);
  await u.say({ value: 'menu:warranty' });
  const status = await u.say(serial);
  return { ...harness, u, status };
}

const answer = (id: string) => ({ value: `warranty:answer:${id}` });

describe.each(LANGS)('fault questions in %s', (language) => {
  it('hotel lock repaired by someone not authorised: paid, with the clause it rests on, then a claim', async () => {
    const { u, handoff, state } = await verified(language, 'LC-TEST-0478', '+971 50 999 0478').then((h) => ({ ...h, state: h.u.state }));
    const first = await u.send({ value: 'warranty:fault' });
    expect(first.at(-1)?.reply).toMatchObject({ text: `${t.t(language, 'warranty.faultIntro')}\n${t.t(language, 'warranty.questions.tampering')}` });
    expect(choicesOf(first).map((choice) => choice.title)).toEqual(['yes', 'no', 'not-sure'].map((id) => t.t(language, `warranty.answers.tampering.${id}`)));
    expect(await u.say(answer('yes'))).toEqual([t.t(language, 'warranty.questions.environment')]);
    expect(await u.say(answer('none'))).toEqual([t.t(language, 'warranty.questions.door')]);
    expect(await u.say(answer('neither'))).toEqual([t.t(language, 'warranty.questions.component')]);
    const result = await u.say(answer('electronics'));
    const lines = result[0]!.split('\n');
    expect(lines[0]).toBe(t.t(language, 'warranty.fault.paid', { lock: 'LC-TEST-0478 (RF-200)' }));
    expect(lines[1]).toBe(clause(language, causeClause(hotel, 'unauthorized-repair')));
    expect(lines).toContain(t.t(language, 'warranty.fault.inspection'));
    expect(result[1]).toBe(t.t(language, 'warranty.offerClaim'));
    expect((await state())?.facts.warranty).toMatchObject({ status: 'excluded', reasons: ['unauthorized-repair'], answers: { tampering: 'yes', component: 'electronics' } });

    expect(await u.say({ value: 'warranty:claim' })).toEqual([t.t(language, 'warranty.claimOpening', { lock: 'LC-TEST-0478 (RF-200)' }), t.t(language, 'handoff.followUp')]);
    expect(handoff.requests).toHaveLength(1);
    expect(handoff.requests[0]).toMatchObject({
      reason: 'warranty-claim',
      details: {
        serial: 'LC-TEST-0478',
        status: 'excluded',
        reasons: ['unauthorized-repair'],
        answers: { tampering: 'yes', environment: 'none', door: 'neither', component: 'electronics' },
        remedies: [{ id: 'seller-return', covered: false }, { id: 'seller-replacement', covered: false }, { id: 'free-maintenance', covered: false }],
        record: { customer: 'Test Hotel Dubai Marina', orderNo: 'PO-TEST-478' },
      },
    });
    // The dialog is done: the next message is handled by the main menu.
    expect(await u.say({ value: 'menu:warranty' })).toEqual([t.t(language, 'warranty.askSerial')]);
  });

  it('the key card is never covered: paid, citing the note of the policy', async () => {
    const { u } = await verified(language, 'LC-TEST-0478', '+971 50 999 0478');
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', 'none', 'neither']) await u.say(answer(id));
    const lines = (await u.say(answer('card')))[0]!.split('\n');
    expect(lines[1]).toBe(clause(language, hotel.neverCovered!.clause));
  });

  it('global-12m after 12 months: a broken cylinder is still free under the 3-year core-mechanical warranty', async () => {
    const { u } = await verified(language, 'LC-TEST-0912', '+34 600 555 912');
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', 'as-guide', 'none', 'yes']) await u.say(answer(id));
    const lines = (await u.say(answer('cylinder')))[0]!.split('\n');
    const core = global.remedies.find((remedy) => remedy.id === 'core-mechanical')!;
    expect(lines[0]).toBe(t.t(language, 'warranty.fault.free', { lock: 'LC-TEST-0912 (RF-300)', remedies: core.name[language] }));
    expect(lines[1]).toBe(clause(language, core.clause));
  });

  it.each([
    ['lightning', 'force-majeure'],
    ['flood', 'force-majeure'],
    ['natural-disaster', 'force-majeure'],
    ['chemicals', 'chemical-corrosion'],
    ['knocked-or-forced', 'misuse'],
  ])('global-12m: %s maps to %s and its clause', async (environment, cause) => {
    const { u } = await verified(language, 'LC-TEST-0912', '+34 600 555 912');
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', 'as-guide', environment, 'yes']) await u.say(answer(id));
    const lines = (await u.say(answer('cylinder')))[0]!.split('\n');
    expect(lines[0]).toBe(t.t(language, 'warranty.fault.paid', { lock: 'LC-TEST-0912 (RF-300)' }));
    expect(lines[1]).toBe(clause(language, causeClause(global, cause)));
    expect(lines).toContain(clause(language, global.remedies.find((remedy) => remedy.id === 'parts-at-cost')!.clause));
  });

  it.each([
    ['no', 'as-guide', 'magnetic-field', 'yes'],
    ['no', 'as-guide', 'spilled-water', 'yes'],
    ['no', 'other-brand', 'none', 'yes'],
  ])('global-12m: answers %s, %s, %s, %s — one has no clause in the letter, so no verdict: an inspection decides', async (...answers) => {
    const { u } = await verified(language, 'LC-TEST-0912', '+34 600 555 912');
    await u.say({ value: 'warranty:fault' });
    for (const id of answers) await u.say(answer(id));
    const result = await u.say(answer('cylinder'));
    expect(result).toEqual([t.t(language, 'warranty.fault.needsInspection'), t.t(language, 'warranty.offerClaim')]);
    expect((await u.state())?.facts.warranty).toMatchObject({ status: 'covered', reasons: [], needsInspection: true });
  });

  it('global-12m: a strong magnetic field does not hide a verdict another answer decides', async () => {
    const { u } = await verified(language, 'LC-TEST-0912', '+34 600 555 912');
    await u.say({ value: 'warranty:fault' });
    for (const id of ['yes', 'as-guide', 'magnetic-field', 'yes']) await u.say(answer(id));
    const lines = (await u.say(answer('cylinder')))[0]!.split('\n');
    expect(lines[0]).toBe(t.t(language, 'warranty.fault.paid', { lock: 'LC-TEST-0912 (RF-300)' }));
    expect(lines[1]).toBe(clause(language, causeClause(global, 'unauthorized-repair')));
  });

  it.each([
    ['flood', 'force-majeure'],
    ['lightning', 'force-majeure'],
    ['natural-disaster', 'force-majeure'],
    ['magnetic-field', 'abnormal-environment'],
    ['knocked-or-forced', 'misuse'],
  ])('hotel-lock-3y: %s maps to %s and its clause', async (environment, cause) => {
    const { u } = await verified(language, 'LC-TEST-0478', '+971 50 999 0478');
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', environment, 'neither']) await u.say(answer(id));
    const lines = (await u.say(answer('electronics')))[0]!.split('\n');
    expect(lines[0]).toBe(t.t(language, 'warranty.fault.paid', { lock: 'LC-TEST-0478 (RF-200)' }));
    expect(lines[1]).toBe(clause(language, causeClause(hotel, cause)));
  });

  it.each(['spilled-water', 'chemicals'])('hotel-lock-3y: %s is in no clause of the warranty card, so no verdict: an inspection decides', async (environment) => {
    const { u } = await verified(language, 'LC-TEST-0478', '+971 50 999 0478');
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', environment, 'neither']) await u.say(answer(id));
    const result = await u.say(answer('electronics'));
    expect(result).toEqual([t.t(language, 'warranty.fault.needsInspection'), t.t(language, 'warranty.offerClaim')]);
    expect((await u.state())?.facts.warranty).toMatchObject({ status: 'covered', reasons: [], needsInspection: true });
  });

  it('asks for a missing purchase date and uses it, marking it as the customer\'s', async () => {
    const { u, status } = await verified(language, 'LC-TEST-0000', '+52 81 5555 0000');
    expect(status[1]).toBe(t.t(language, 'warranty.askDate.purchase', { lock: 'LC-TEST-0000 (RF-200)' }));
    expect(await u.say('31/02/2025')).toEqual([t.t(language, 'warranty.badDate', { field: t.t(language, 'warranty.dateField.purchase') })]);
    const out = await u.say('14/03/2025');
    expect(out[0]!.split('\n')).toContain(t.t(language, 'warranty.customerDates'));
    expect((await u.state())?.facts.warranty).toMatchObject({ datesFromCustomer: { purchase: '2025-03-14' }, status: 'covered' });
  });

  it('"I don\'t know" the date: the remedy stays unknown, and a fault cannot be called paid', async () => {
    const { u } = await verified(language, 'LC-TEST-0000', '+52 81 5555 0000');
    const lines = (await u.say({ value: 'warranty:date-unknown' }))[0]!.split('\n');
    expect(lines).toContain(t.t(language, 'warranty.remedy.unknown', { remedy: hotel.remedies[2]!.name[language], field: t.t(language, 'warranty.dateField.purchase') }));
    await u.say({ value: 'warranty:fault' });
    for (const id of ['no', 'none', 'neither']) await u.say(answer(id));
    // Installed 2026-11-15: the 7-day return ended 2026-11-22 is still today, so it is covered.
    const result = (await u.say(answer('electronics')))[0]!;
    expect(result.split('\n')[0]).toBe(t.t(language, 'warranty.fault.free', { lock: 'LC-TEST-0000 (RF-200)', remedies: [hotel.remedies[0]!.name[language], hotel.remedies[1]!.name[language]].join(language === 'en' ? ' and ' : language === 'es' ? ' y ' : ' و') }));
  });
});

describe('warranty dialog entry points', () => {
  it('the FAQ can begin it with a topic, which goes with the claim', async () => {
    const faqLike: Dialog = {
      id: 'troubleshoot',
      async begin(ctx) {
        await ctx.begin('warranty', { topic: 'battery-replacement' });
      },
      continue() {},
    };
    const { user, handoff } = await createWarrantyCore({ extraDialogs: [faqLike] });
    const u = user('c1', { user: { id: 'u1', phone: '+971 50 999 0478' } });
    await u.say('hello');
    expect(await u.say({ value: 'menu:troubleshoot' })).toEqual([t.t('en', 'warranty.askSerial')]);
    await u.say('LC-TEST-0478');
    await u.say({ value: 'warranty:claim' });
    expect(handoff.requests[0]).toMatchObject({ reason: 'warranty-claim', topic: 'battery-replacement', details: { topic: 'battery-replacement', status: 'covered' } });
    // Back at the main menu, not in the half-finished FAQ dialog (which would answer nothing).
    expect(await u.say({ value: 'menu:warranty' })).toEqual([t.t('en', 'warranty.askSerial')]);
  });

  it('"back" during the questions goes to the previous question', async () => {
    const { u } = await verified('en', 'LC-TEST-0478', '+971 50 999 0478');
    await u.say({ value: 'warranty:fault' });
    await u.say(answer('no'));
    expect(await u.say('back')).toEqual([t.t('en', 'warranty.questions.tampering')]);
  });
});
