import { describe, expect, it } from 'vitest';
import { choicesOf, texts } from '../helpers/core-harness.js';
import { realFaq, startFaqCore, stepText, t } from '../helpers/faq-harness.js';

describe('changing language in the middle of troubleshooting', () => {
  it('asks the same step again in the new language and carries on from there', async () => {
    const faq = await realFaq();
    const topic = faq.topic('lock-no-response')!;
    const start = topic.content.es.tree!.start;
    const { user } = await startFaqCore({ faq });
    const u = user('lang-switch');
    await u.say('hola');
    await u.say({ value: 'menu:troubleshoot' });
    const first = await u.say({ value: 'faq:topic:lock-no-response' });
    expect(first).toContain(stepText(topic, 'es', start));

    expect(await u.say('idioma')).toEqual([t.t('es', 'language.prompt')]);
    const after = await u.send({ value: 'lang:en' });
    expect(texts(after)[0]).toBe(t.t('en', 'language.changed'));
    expect(texts(after)).toContain(stepText(topic, 'en', start));
    expect(choicesOf(after).map((choice) => choice.title)).toEqual(topic.content.en.tree!.steps[start]!.choices!.map((choice) => choice.label));

    // Answering the re-asked step moves the walk on, in English.
    const next = await u.send('1');
    expect(texts(next).join('\n')).not.toContain(t.t('en', 'menu.anythingElse'));
    expect(next.every((message) => message.language === 'en')).toBe(true);
  });
});

describe('"two misunderstood in a row" counts within one dialog', () => {
  it('one unclear message, "back" to the menu, then another unclear message does not open a ticket', async () => {
    const { user, requests } = await startFaqCore();
    const u = user('misunderstood-reset');
    await u.say('hello');
    await u.say({ value: 'menu:troubleshoot' });
    await u.say('what is the weather like today');
    await u.say('back');
    const later = await u.send('book me a table for dinner on friday');
    expect(requests).toEqual([]);
    expect(texts(later)).not.toContain(t.t('en', 'handoff.followUp'));
    expect(choicesOf(later).length).toBeGreaterThan(0);
  });
});
