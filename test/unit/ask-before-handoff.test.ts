import { describe, expect, it } from 'vitest';
import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import { formatDueTime } from '../../src/handoff/due-format.js';
import type { Language } from '../../src/core/types.js';
import { choicesOf, texts } from '../helpers/core-harness.js';
import { realFaq } from '../helpers/faq-harness.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

/**
 * Issue 12, defect 2: two messages the bot does not understand no longer open a ticket by
 * themselves; the bot asks "Shall I pass this to a person?" (yes / no / show the menu). A
 * greeting or "menu" while a ticket waits offers the menu and keeps the ticket open.
 */
async function start() {
  const faq = await realFaq();
  return createHandoffHarness({ features: [{ name: 'faq', dialogs: [troubleshootDialog] }], services: { faq } });
}

const GIBBERISH: Record<Language, [string, string]> = {
  en: ['xyzzy plugh', 'qwertz frobnicate'],
  es: ['xyzzy plugh', 'flurbo zarandaja'],
  ar: ['كلام غريب جدا', 'زقزق بقبق'],
};

const GREETING: Record<Language, string> = { en: 'hello', es: 'hola', ar: 'مرحبا' };

describe.each(['en', 'es', 'ar'] as const)('two misunderstood messages in %s', (language) => {
  const [first, second] = GIBBERISH[language];

  it('ask before passing to a person, with yes / no / show the menu, and open no ticket', async () => {
    const { user, setup, translator } = await start();
    const u = user();
    await u.say(GREETING[language]);
    await u.say(first);
    const asked = await u.send(second);
    expect(texts(asked)).toEqual([translator.t(language, 'common.askPerson')]);
    expect(choicesOf(asked).map((choice) => choice.title)).toEqual([
      translator.t(language, 'common.yesPerson'),
      translator.t(language, 'common.noTryAgain'),
      translator.t(language, 'common.showMenu'),
    ]);
    expect(await setup.tickets.listOpen()).toEqual([]);
    expect((await u.state())?.mode).toBe('bot');
  });

  it('"show the menu" shows the menu; "no" asks again; only "yes" opens the ticket', async () => {
    const { user, setup, translator } = await start();
    const u = user();
    await u.say(GREETING[language]);
    await u.say(first);
    await u.say(second);
    expect((await u.say('3')).at(-1)).toBe(translator.t(language, 'menu.anythingElse'));
    await u.say(first);
    await u.say(second);
    expect(await u.say('2')).toEqual([translator.t(language, 'faq.describe')]);
    expect(await setup.tickets.listOpen()).toEqual([]);
    await u.say(first);
    await u.say(second);
    const yes = await u.say('1');
    expect(yes[0]).toContain('LC-000001');
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ status: 'open', reason: 'misunderstood' });
  });
});

describe('a greeting or "menu" while a ticket waits', () => {
  it.each([
    ['en', 'talk to a person', 'hello', 'menu'],
    ['es', 'quiero hablar con una persona', 'hola', 'menú'],
    ['ar', 'ابي اكلم موظف', 'مرحبا', 'القائمة'],
  ] as const)('in %s: offers the menu, keeps the ticket open, and the bot helps meanwhile', async (language, ask, greeting, menu) => {
    const { user, setup, translator, clock } = await start();
    const u = user('waiting');
    await u.say(greeting);
    await u.say(ask);
    const due = formatDueTime(new Date(clock.now().getTime() + 24 * 3_600_000), language, undefined);
    const offered = translator.t(language, 'handoff.menuWhileWaiting', { ticket: 'LC-000001', due });
    for (const line of [greeting, menu]) {
      const out = await u.send(line);
      expect(texts(out)).toEqual([offered]);
      expect(choicesOf(out).map((choice) => choice.value)).toEqual(['menu:troubleshoot', 'menu:warranty', 'menu:human', 'menu:language']);
    }
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ status: 'open' });
    // Picking "troubleshoot" from that menu: the bot asks for the problem; the ticket stays open.
    expect(await u.say('1')).toEqual([translator.t(language, 'faq.describe')]);
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ status: 'open' });
    // Asking for a person again finds the same ticket.
    expect((await u.say(ask))[0]).toContain('LC-000001');
    expect((await u.state())?.mode).toBe('waiting');
    expect(await setup.tickets.listOpen()).toHaveLength(1);
  });

  it('once a person has replied, "hello" goes to them, not to the menu', async () => {
    const { user, setup } = await start();
    const u = user('agent');
    await u.say('talk to a person');
    await setup.desk.claim('LC-000001', 'maria');
    await setup.desk.reply('LC-000001', 'maria', 'Hi, which lock model is it?');
    expect(await u.say('hello')).toEqual([]);
  });
});
