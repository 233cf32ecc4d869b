import { describe, expect, it } from 'vitest';
import type { Dialog } from '../../src/core/dialog.js';
import { LANGUAGES, isLanguage, type Json } from '../../src/core/types.js';
import { testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore } from '../helpers/warranty-harness.js';

/**
 * "language" in the middle of the warranty dialog: the language dialog ends with
 * `{ languageChanged: true }` and the warranty dialog asks its current question again in the
 * new language, keeping what it collected (review W3).
 */
const t = testTranslator();
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;
const LANGUAGE_WORD = { en: 'language', es: 'idioma', ar: 'اللغة' } as const;
const SWITCH = [['en', 'es'], ['es', 'ar'], ['ar', 'en']] as const;

/** The language dialog as contracted: pick a language, say so, end with `result`. */
function languageDialog(result: Json | undefined): Dialog {
  return {
    id: 'language',
    begin(ctx) {
      ctx.sayKey('language.prompt', undefined, LANGUAGES.map((language) => ({ title: ctx.services.translator.t(language, 'language.name'), value: `lang:${language}` })));
    },
    async continue(ctx) {
      const picked = ctx.input.value?.slice(5);
      if (!isLanguage(picked)) return;
      ctx.setLanguage(picked, 'explicit');
      ctx.sayKey('language.changed');
      await ctx.end(result);
    },
  };
}

async function start(from: 'en' | 'es' | 'ar', phone: string, ending: { result: Json | undefined } = { result: { languageChanged: true } }) {
  const harness = await createWarrantyCore({ extraDialogs: [languageDialog(ending.result)] });
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user('c1', { user: { id: 'u1', phone } });
  await u.say(GREETING[from]);
  await u.say({ value: 'menu:warranty' });
  return { ...harness, u };
}

describe.each(SWITCH)('changing the language from %s to %s inside the warranty dialog', (from, to) => {
  it('at the serial question: asks for the serial again in the new language, and the serial sent next is looked up', async () => {
    const { u } = await start(from, '+971 50 999 0478');
    expect(await u.say(LANGUAGE_WORD[from])).toEqual([t.t(from, 'language.prompt')]);
    expect(await u.say({ value: `lang:${to}` })).toEqual([t.t(to, 'language.changed'), t.t(to, 'warranty.askSerial')]);
    const out = await u.say('LC-TEST-0478');
    expect(out[0]).toBe(t.t(to, 'warranty.verifiedPhone'));
    expect(out[2]).toBe(t.t(to, 'warranty.nextPrompt'));
  });

  it('at the order number question: asks for it again, still for the serial given', async () => {
    const { u } = await start(from, '+1 555 000 0000');
    await u.say('LC-TEST-0478');
    await u.say(LANGUAGE_WORD[from]);
    expect(await u.say({ value: `lang:${to}` })).toEqual([t.t(to, 'language.changed'), t.t(to, 'warranty.askOrder')]);
    expect((await u.say('PO-TEST-478'))[0]).toBe(t.t(to, 'warranty.verifiedOrder'));
  });

  it('at a fault question: asks the same question again, and the earlier answers count', async () => {
    const { u } = await start(from, '+971 50 999 0478');
    await u.say('LC-TEST-0478');
    await u.say({ value: 'warranty:fault' });
    await u.say({ value: 'warranty:answer:yes' });
    await u.say(LANGUAGE_WORD[from]);
    expect(await u.say({ value: `lang:${to}` })).toEqual([t.t(to, 'language.changed'), t.t(to, 'warranty.questions.environment')]);
    await u.say({ value: 'warranty:answer:none' });
    await u.say({ value: 'warranty:answer:neither' });
    const result = await u.say({ value: 'warranty:answer:electronics' });
    expect(result[0]!.split('\n')[0]).toBe(t.t(to, 'warranty.fault.paid', { lock: 'LC-TEST-0478 (RF-200)' }));
    expect((await u.state())?.facts.warranty).toMatchObject({ answers: { tampering: 'yes', environment: 'none', door: 'neither', component: 'electronics' } });
  });

  it('at a missing date: asks for the same date again', async () => {
    const { u } = await start(from, '+52 81 5555 0000');
    await u.say('LC-TEST-0000');
    await u.say(LANGUAGE_WORD[from]);
    expect(await u.say({ value: `lang:${to}` })).toEqual([t.t(to, 'language.changed'), t.t(to, 'warranty.askDate.purchase', { lock: 'LC-TEST-0000 (RF-200)' })]);
  });
});

describe('a child dialog that ends without the language result', () => {
  it('ends the warranty dialog too, as before: the next message is the main menu\'s', async () => {
    const { u } = await start('en', '+971 50 999 0478', { result: undefined });
    await u.say('language');
    expect(await u.say({ value: 'lang:es' })).toEqual([t.t('es', 'language.changed'), t.t('es', 'menu.anythingElse')]);
    expect(await u.say({ value: 'menu:warranty' })).toEqual([t.t('es', 'warranty.askSerial')]);
  });
});
