import { describe, expect, it } from 'vitest';
import { testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore, policies } from '../helpers/warranty-harness.js';

/**
 * Typed answers at the warranty questions, and what happens when the bot keeps not
 * understanding: the second misunderstanding in a row goes to a person (review W2).
 */
const t = testTranslator();
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;
const LANGS = ['en', 'es', 'ar'] as const;
type Lang = (typeof LANGS)[number];
const NO = { en: 'No.', es: 'no', ar: 'لا' } as const;
const NOPE = { en: 'nope', es: 'No', ar: 'لا أبداً' } as const;
const NONE = { en: 'None of them', es: 'ninguna', ar: 'ولا شي' } as const;
const YES = { en: 'yes', es: 'sí', ar: 'نعم' } as const;
const GIBBERISH = { en: 'what do you mean', es: '¿qué quiere decir eso?', ar: 'ما فهمت السؤال' } as const;

/** Verified by phone on 2026-11-22 (LC-TEST-0478, hotel-lock-3y, covered), at the status prompt. */
async function verified(language: Lang) {
  const harness = await createWarrantyCore();
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user('c1', { user: { id: 'u1', phone: '+971 50 999 0478' } });
  await u.say(GREETING[language]);
  await u.say({ value: 'menu:warranty' });
  await u.say('LC-TEST-0478');
  return { ...harness, u };
}

describe.each(LANGS)('typed answers in %s', (language) => {
  it('"no" and "none" typed at each question are understood', async () => {
    const { u } = await verified(language);
    await u.say({ value: 'warranty:fault' });
    expect(await u.say(NOPE[language])).toEqual([t.t(language, 'warranty.questions.environment')]);
    expect(await u.say(NONE[language])).toEqual([t.t(language, 'warranty.questions.door')]);
    expect(await u.say(NO[language])).toEqual([t.t(language, 'warranty.questions.component')]);
    const result = await u.say({ value: 'warranty:answer:electronics' });
    const maintenance = policies.get('hotel-lock-3y')!.remedies.find((remedy) => remedy.id === 'free-maintenance')!;
    expect(result[0]!.split('\n')[0]).toBe(t.t(language, 'warranty.fault.free', { lock: 'LC-TEST-0478 (RF-200)', remedies: maintenance.name[language] }));
    expect((await u.state())?.facts.warranty).toMatchObject({ status: 'covered', answers: { tampering: 'no', environment: 'none', door: 'neither', component: 'electronics' } });
  });

  it('"yes" answers a yes-no question; "none" does not stand for a "no" that voids the warranty', async () => {
    const { u } = await verified(language);
    await u.say({ value: 'warranty:fault' });
    expect(await u.say(NONE[language])).toEqual([`${t.t(language, 'warranty.pickAnswer')}\n${t.t(language, 'warranty.questions.tampering')}`]);
    expect(await u.say(YES[language])).toEqual([t.t(language, 'warranty.questions.environment')]);
  });

  it('"yes" at "is something wrong with the lock?" starts the questions; "no" at the claim offer ends the dialog', async () => {
    const { u } = await verified(language);
    expect(await u.say(YES[language])).toEqual([`${t.t(language, 'warranty.faultIntro')}\n${t.t(language, 'warranty.questions.tampering')}`]);
    for (const id of ['no', 'none', 'neither', 'electronics']) await u.say({ value: `warranty:answer:${id}` });
    await u.say(NO[language]);
    // Back at the main menu: it takes the menu's choices again.
    expect(await u.say({ value: 'menu:warranty' })).toEqual([t.t(language, 'warranty.askSerial')]);
  });

  it('two misunderstandings in a row at a question: asks first, then "yes" goes to a person with the answers so far', async () => {
    const { u, handoff } = await verified(language);
    await u.say({ value: 'warranty:fault' });
    await u.say({ value: 'warranty:answer:no' });
    expect(await u.say(GIBBERISH[language])).toEqual([`${t.t(language, 'warranty.pickAnswer')}\n${t.t(language, 'warranty.questions.environment')}`]);
    expect(await u.say(GIBBERISH[language])).toEqual([t.t(language, 'common.askPerson')]);
    expect(handoff.requests).toEqual([]);
    expect(await u.say(YES[language])).toEqual([t.t(language, 'handoff.followUp')]);
    expect(handoff.requests).toEqual([
      { reason: 'misunderstood', topic: 'warranty', details: { serial: 'LCTEST0478', verified: true, step: 'question', answers: { tampering: 'no' } } },
    ]);
    // The dialog is over: the next message is the main menu's.
    expect(await u.say({ value: 'menu:warranty' })).toEqual([t.t(language, 'warranty.askSerial')]);
  });

  it('after "Shall I pass this to a person?", "no" asks the question again and "show the menu" leaves without a ticket', async () => {
    const { u, handoff } = await verified(language);
    await u.say({ value: 'warranty:fault' });
    await u.say(GIBBERISH[language]);
    await u.say(GIBBERISH[language]);
    expect(await u.say(NO[language])).toEqual([t.t(language, 'common.tryAgain'), t.t(language, 'warranty.questions.tampering')]);
    expect(await u.say(GIBBERISH[language])).toEqual([`${t.t(language, 'warranty.pickAnswer')}\n${t.t(language, 'warranty.questions.tampering')}`]);
    expect(await u.say(GIBBERISH[language])).toEqual([t.t(language, 'common.askPerson')]);
    expect((await u.say('3')).at(-1)).toBe(t.t(language, 'menu.anythingElse'));
    expect(handoff.requests).toEqual([]);
  });

  it('an understood answer in between starts the count again', async () => {
    const { u, handoff } = await verified(language);
    await u.say({ value: 'warranty:fault' });
    await u.say(GIBBERISH[language]);
    await u.say(NO[language]);
    expect(await u.say(GIBBERISH[language])).toEqual([`${t.t(language, 'warranty.pickAnswer')}\n${t.t(language, 'warranty.questions.environment')}`]);
    expect(handoff.requests).toEqual([]);
  });

  it('two texts in a row that are not a serial number go to a person', async () => {
    const { user, handoff } = await createWarrantyCore();
    const u = user('c1');
    await u.say(GREETING[language]);
    await u.say({ value: 'menu:warranty' });
    expect(await u.say('??')).toEqual([t.t(language, 'warranty.invalidSerial')]);
    expect(await u.say('!!')).toEqual([t.t(language, 'common.askPerson')]);
    expect(await u.say({ value: 'warranty:pass-on' })).toEqual([t.t(language, 'handoff.followUp')]);
    expect(handoff.requests).toMatchObject([{ reason: 'misunderstood', topic: 'warranty', details: { serial: null, verified: false, step: 'serial' } }]);
  });

  it('two unreadable dates in a row go to a person', async () => {
    const { user, handoff, clock } = await createWarrantyCore();
    clock.set('2026-11-22T09:00:00Z');
    const u = user('c1', { user: { id: 'u1', phone: '+52 81 5555 0000' } });
    await u.say(GREETING[language]);
    await u.say({ value: 'menu:warranty' });
    await u.say('LC-TEST-0000');
    expect(await u.say('31/02/2025')).toEqual([t.t(language, 'warranty.badDate', { field: t.t(language, 'warranty.dateField.purchase') })]);
    expect(await u.say('last spring')).toEqual([t.t(language, 'common.askPerson')]);
    expect(await u.say('1')).toEqual([t.t(language, 'handoff.followUp')]);
    expect(handoff.requests).toMatchObject([{ reason: 'misunderstood', details: { serial: 'LCTEST0000', verified: true, step: 'date' } }]);
  });
});
