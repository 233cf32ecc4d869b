import { describe, expect, it } from 'vitest';
import { choicesOf, createTestCore, testTranslator, texts } from '../helpers/core-harness.js';

const t = testTranslator();

describe('greeting and main menu', () => {
  it.each([
    ['en', 'hello'],
    ['es', 'hola'],
    ['ar', 'مرحبا'],
  ] as const)('greets in %s and shows the menu in that language', async (language, greeting) => {
    const { user } = createTestCore();
    const out = await user().send(greeting);
    expect(texts(out)[0]).toBe(t.t(language, 'menu.greeting'));
    expect(choicesOf(out).map((choice) => choice.title)).toEqual([
      t.t(language, 'menu.options.troubleshoot'),
      t.t(language, 'menu.options.warranty'),
      t.t(language, 'menu.options.human'),
      t.t(language, 'menu.options.language'),
    ]);
    expect(out.every((message) => message.dir === (language === 'ar' ? 'rtl' : 'ltr'))).toBe(true);
  });

  it('keeps the language for short messages like "ok"', async () => {
    const { user } = createTestCore();
    const u = user();
    await u.say('hola');
    const out = await u.say('ok');
    expect(out.at(-1)).toBe(t.t('es', 'menu.prompt'));
  });

  it('switches language from the menu and keeps it even when the user writes in another language', async () => {
    const { user } = createTestCore();
    const u = user();
    await u.say('hello');
    expect(await u.say({ value: 'menu:language' })).toEqual([t.t('en', 'language.prompt')]);
    const changed = await u.say('3');
    expect(changed[0]).toBe(t.t('ar', 'language.changed'));
    expect(changed.at(-1)).toBe(t.t('ar', 'menu.anythingElse'));
    const later = await u.say('hello again');
    expect(later.at(-1)).toBe(t.t('ar', 'menu.prompt'));
  });

  it.each([
    ['en', 'talk to a person'],
    ['es', 'quiero hablar con una persona'],
    ['ar', 'ابي اكلم موظف'],
  ] as const)('a request for a human in %s is acknowledged in that language', async (language, text) => {
    const { user } = createTestCore();
    const u = user();
    await u.say(language === 'ar' ? 'مرحبا' : language === 'es' ? 'hola' : 'hi');
    expect(await u.say(text)).toEqual([t.t(language, 'handoff.followUp')]);
  });

  it.each([
    ['menu', 'en'],
    ['menú', 'es'],
    ['القائمة', 'ar'],
  ] as const)('"%s" brings the menu back at any step (in %s)', async (word, language) => {
    const { user } = createTestCore();
    const u = user();
    await u.say('hi');
    await u.say({ value: 'menu:language' });
    const out = await u.say(word);
    expect(out.at(-1)).toBe(t.t(language, 'menu.anythingElse'));
  });

  it('help keeps the choices on offer', async () => {
    const { user } = createTestCore();
    const u = user();
    await u.say('hi');
    const out = await u.send('help');
    expect(texts(out)).toEqual([t.t('en', 'help.text')]);
    expect(choicesOf(out)).toHaveLength(4);
  });
});
