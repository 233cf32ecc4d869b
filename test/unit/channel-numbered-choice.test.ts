import { describe, expect, it } from 'vitest';
import { renderForChannel } from '../../src/channels/shared/render.js';
import { createTestCore, testTranslator } from '../helpers/core-harness.js';

const t = testTranslator();
const NUMBERED = { choices: false, media: true, maxTextLength: 4096 };

/** What a customer on a channel without buttons reads, and what they type back. */
describe('numbered lists answered by typing, end to end through the core', () => {
  it.each([
    ['es', 'hola', '3'],
    ['es', 'hola', 'tres'],
    ['es', 'hola', 'hablar con una persona'],
    ['en', 'hello', 'three'],
    ['en', 'hello', 'talk to a person'],
    ['ar', 'مرحبا', '٣'],
  ] as const)('%s: "%s", then "%s" picks the third option', async (language, greeting, answer) => {
    const { user } = createTestCore({ channel: 'whatsapp' });
    const u = user('34600000001@c.us');
    const shown = renderForChannel(await u.send(greeting), NUMBERED);
    const menu = shown.at(-1)!;
    expect(menu.kind === 'text' && menu.text).toContain(`3. ${t.t(language, 'menu.options.human')}`);
    expect(menu).not.toHaveProperty('choices');
    expect(await u.say(answer)).toEqual([t.t(language, 'handoff.followUp')]);
  });

  it('"2" after the language list switches to the second language', async () => {
    const { user } = createTestCore({ channel: 'whatsapp' });
    const u = user('34600000002@c.us');
    await u.say('hello');
    await u.say({ value: 'menu:language' });
    expect((await u.say('dos'))[0]).toBe(t.t('es', 'language.changed'));
  });
});
