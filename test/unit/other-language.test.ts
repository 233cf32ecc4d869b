import { describe, expect, it } from 'vitest';
import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import { detectLanguage, isOtherLanguage } from '../../src/core/language.js';
import { LANGUAGES } from '../../src/core/types.js';
import { choicesOf, texts } from '../helpers/core-harness.js';
import { realFaq } from '../helpers/faq-harness.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

/**
 * Issue 12, defect 3: a message clearly in a language LockCare does not speak is told, in
 * English, Spanish and Arabic, which languages are supported, with a person offered; French is
 * not read as Spanish, and Chinese gets no English topic suggestions.
 */
const OTHER = [
  'Bonjour',
  'Bonjour, ma serrure ne fonctionne plus',
  'la carte ne marche pas',
  "j'ai un problème avec la porte de la chambre",
  'Olá, minha fechadura não abre',
  'Hallo, mein Türschloss funktioniert nicht',
  'Ciao, la serratura non funziona',
  '你好',
  '门锁坏了，房卡打不开',
  'Здравствуйте, замок не работает',
];
const SUPPORTED = [
  ['hola, la tarjeta no abre la puerta', 'es'],
  ['la puerta de la habitación 305 no abre con la tarjeta maestra', 'es'],
  ['mi cerradura esta en garantia?', 'es'],
  ['es la cerradura del cuarto, no abre', 'es'],
  ['the card is not working at the door', 'en'],
  ['door is open but light is red', 'en'],
  ['is my lock still under warranty', 'en'],
  ['القفل لا يفتح بالبطاقة', 'ar'],
] as const;

describe('messages in a language LockCare does not speak', () => {
  it.each(OTHER)('"%s" is another language, not Spanish or English', (text) => {
    expect(isOtherLanguage(text)).toBe(true);
    expect(detectLanguage(text)).toBeNull();
  });

  it.each(SUPPORTED)('"%s" stays %s', (text, language) => {
    expect(isOtherLanguage(text)).toBe(false);
    expect(detectLanguage(text)).toBe(language);
  });

  it.each(['merci', 'hallo', 'ok', 'RF-200', 'LC-TEST-0478', '305', 'che, la cerradura no anda', 'the café door lock is broken'])('"%s" alone is not evidence of another language', (text) => {
    expect(isOtherLanguage(text)).toBe(false);
  });
});

async function start() {
  const faq = await realFaq();
  return createHandoffHarness({ features: [{ name: 'faq', dialogs: [troubleshootDialog] }], services: { faq } });
}

describe('the bot answers another language with the supported ones', () => {
  it.each(['Bonjour, ma serrure ne fonctionne plus', '你好'])('"%s": says in en, es and ar which languages it speaks, and offers them and a person', async (text) => {
    const { user, translator } = await start();
    const u = user();
    const out = await u.send(text);
    expect(texts(out)).toEqual(LANGUAGES.map((language) => translator.t(language, 'language.unsupported')));
    expect(choicesOf(out)).toEqual([
      { title: 'English', value: 'lang:en' },
      { title: 'Español', value: 'lang:es' },
      { title: 'العربية', value: 'lang:ar' },
      { title: LANGUAGES.map((language) => translator.t(language, 'language.talkToPerson')).join(' / '), value: 'lang:person' },
    ]);
    expect((await u.state())?.language).toBe('en');
  });

  it('French in a Spanish conversation does not switch it, and picking Spanish carries on in Spanish', async () => {
    const { user, translator } = await start();
    const u = user();
    await u.say('hola');
    expect((await u.say('Bonjour, ma serrure ne fonctionne plus'))[0]).toBe(translator.t('en', 'language.unsupported'));
    expect((await u.state())?.language).toBe('es');
    expect(await u.say('Español')).toEqual([translator.t('es', 'language.changed'), translator.t('es', 'menu.anythingElse')]);
  });

  it('"talk to a person" opens a ticket that carries the message', async () => {
    const { user, setup } = await start();
    const u = user();
    await u.say('Olá, minha fechadura não abre');
    const out = await u.say('4');
    expect(out[0]).toContain('LC-000001');
    const ticket = await setup.tickets.get('LC-000001');
    expect(ticket).toMatchObject({ status: 'open', details: { otherLanguage: true } });
    expect(ticket?.lastMessages.map((entry) => entry.text)).toContain('Olá, minha fechadura não abre');
  });

  it('a message in a supported language afterwards goes on as usual', async () => {
    const { user, translator } = await start();
    const u = user();
    await u.say('你好');
    const out = await u.say('the guest card shows a red light');
    expect(out.some((line) => line.includes(translator.t('en', 'language.unsupported')))).toBe(false);
    expect(out.length).toBeGreaterThan(0);
    expect((await u.state())?.stack.map((frame) => frame.id)).toContain('troubleshoot');
  });
});
