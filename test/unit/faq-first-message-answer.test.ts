import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/types.js';
import type { FaqTopic } from '../../src/faq/topic-schema.js';
import { isolateLatinRuns } from '../../src/core/bidi.js';
import { realFaq, startFaqCore, stepText, t } from '../helpers/faq-harness.js';

/**
 * Issue 12, defect 8: a troubleshooting question the user already answered in their first
 * message ("the light goes red") is skipped, said, and recorded in the path the agent sees;
 * a message that names no option, or two of them, still gets the question.
 */
let topic: FaqTopic;
beforeAll(async () => {
  topic = (await realFaq()).topic('card-rejected')!;
});

const RED: Record<Language, string> = {
  en: 'the guest card does not work, the light goes red',
  es: 'la tarjeta del huésped no funciona, la luz se pone roja',
  ar: 'بطاقة النزيل لا تعمل والضوء يصير أحمر',
};
const BACK: Record<Language, string> = { en: 'back', es: 'atrás', ar: 'رجوع' };
const PLAIN: Record<Language, string> = {
  en: 'the guest card is rejected by the lock',
  es: 'la cerradura rechaza la tarjeta del huésped',
  ar: 'القفل يرفض بطاقة النزيل',
};
const BOTH: Record<Language, string> = {
  en: 'guest card rejected: sometimes a red light, sometimes a green light',
  es: 'la cerradura rechaza la tarjeta: a veces luz roja, a veces luz verde',
  ar: 'القفل يرفض بطاقة النزيل: أحيانًا ضوء أحمر وأحيانًا ضوء أخضر',
};

describe.each(['en', 'es', 'ar'] as const)('the first message answers the first question, in %s', (language) => {
  const label = (n: number) => topic.content[language].tree!.steps.signal!.choices![n]!.label;
  const shown = (text: string) => (language === 'ar' ? isolateLatinRuns(text) : text);

  it('"light goes red" skips "What does the lock do?" and goes to the next step, with the answer in the path', async () => {
    const { user } = await startFaqCore();
    const u = user();
    const out = await u.say(RED[language]);
    expect(out).toContain(shown(t.t(language, 'faq.alreadyAnswered', { answer: label(0) })));
    expect(out.at(-1)).toBe(stepText(topic, language, 'reencode'));
    expect(out).not.toContain(stepText(topic, language, 'signal'));
    expect((await u.state())!.facts.troubleshooting).toMatchObject({ topic: 'card-rejected', path: [{ step: 'signal', answer: label(0), choice: 1 }] });
    // "back" returns to the skipped question, and the walk goes on from there.
    expect((await u.say(BACK[language])).at(-1)).toBe(stepText(topic, language, 'signal'));
    expect(await u.say('3')).toContain(stepText(topic, language, 'green-light'));
  });

  it.each([['names no option', PLAIN], ['names two options', BOTH]] as const)('a message that %s still gets the question', async (_what, messages) => {
    const { user } = await startFaqCore();
    const out = await user().say(messages[language]);
    expect(out.at(-1)).toBe(stepText(topic, language, 'signal'));
  });
});
