import { describe, expect, it } from 'vitest';
import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import { choicesOf, testTranslator } from '../helpers/core-harness.js';
import { realFaq } from '../helpers/faq-harness.js';
import { createWarrantyCore } from '../helpers/warranty-harness.js';

/**
 * Issue 12, defect 4: a message about *my* lock's warranty starts the warranty check (not the
 * warranty-terms text); the terms topic ends with "Check my lock's warranty"; "no, quiero
 * comprobar la garantía" is not read as a bare "No".
 */
const t = testTranslator();

async function start() {
  const faq = await realFaq();
  return createWarrantyCore({ extraDialogs: [troubleshootDialog], services: { faq } });
}

describe('asking about my lock\'s warranty', () => {
  it.each([
    ['en', 'is my lock still under warranty'],
    ['en', "I'd like to check my lock's warranty"],
    ['es', 'quiero saber la garantía de mi cerradura'],
    ['es', '¿mi cerradura sigue en garantía?'],
    ['ar', 'هل قفلي تحت الضمان'],
    ['ar', 'أريد التحقق من ضمان القفل'],
  ] as const)('in %s, "%s" starts the warranty check', async (language, text) => {
    const { user } = await start();
    const u = user();
    const out = await u.say(text);
    expect(out.at(-1)).toBe(t.t(language, 'warranty.askSerial'));
    expect((await u.state())?.stack.at(-1)?.id).toBe('warranty');
  });

  it.each([
    ['en', 'what does the warranty cover'],
    ['es', '¿cuánto dura la garantía?'],
  ] as const)('in %s, a general question ("%s") still gets the warranty terms, ending with "Check my lock\'s warranty"', async (language, text) => {
    const { user } = await start();
    const u = user();
    const out = await u.send(text);
    const faq = await realFaq();
    const title = faq.topic('warranty-terms')!.content[language].title;
    expect(out.some((message) => 'text' in message.reply && message.reply.text?.startsWith(title))).toBe(true);
    expect(choicesOf(out).map((choice) => choice.title)).toEqual([t.t(language, 'faq.yes'), t.t(language, 'faq.no'), t.t(language, 'faq.checkMyWarranty')]);
    expect(await u.say('3')).toEqual([t.t(language, 'warranty.askSerial')]);
    expect((await u.state())?.stack.map((frame) => frame.id)).toEqual(['main-menu', 'troubleshoot', 'warranty']);
  });

  it('"no, quiero comprobar la garantía" after the terms is not a bare "No": it starts the check', async () => {
    const { user } = await start();
    const u = user();
    await u.say('¿cuánto dura la garantía?');
    expect(await u.say('no, quiero comprobar la garantía')).toEqual([t.t('es', 'warranty.askSerial')]);
  });

  it('inside the warranty check the phrases are answers, not a new check', async () => {
    const { user } = await start();
    const u = user();
    await u.say('is my lock still under warranty');
    const out = await u.say('check my warranty');
    expect(out).toEqual([t.t('en', 'warranty.invalidSerial')]);
    expect((await u.state())?.stack.filter((frame) => frame.id === 'warranty')).toHaveLength(1);
  });
});
