import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chooseConversationLanguage, detectLanguage, scoreLanguage } from '../../src/core/language.js';
import { characterGrams, LanguageModel } from '../../src/core/language-model.js';
import { readExampleFolder } from '../../src/faq/example-loader.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';
import { languageSamples } from '../../src/faq/training-data.js';

describe('the character n-gram language model', () => {
  it('reads a word as its padded 1–4-character runs and skips bare numbers', () => {
    expect(characterGrams('ab 305')).toEqual([' ', 'a', 'b', ' ', ' a', 'ab', 'b ', ' ab', 'ab ', ' ab ']);
  });

  it('tells the languages of a tiny corpus apart and says how clear it is', () => {
    const model = LanguageModel.train([
      { text: 'the door does not open with the card', lang: 'en' },
      { text: 'the battery of the lock is low', lang: 'en' },
      { text: 'la puerta no abre con la tarjeta', lang: 'es' },
      { text: 'la bateria de la cerradura esta baja', lang: 'es' },
      { text: 'el bab ma yefta7 bel kart', lang: 'ar' },
      { text: 'el battaria khalset fel 2efl', lang: 'ar' },
      { text: 'القفل لا يفتح', lang: 'ar' },
    ]);
    expect(model.identify('the card of the door')?.language).toBe('en');
    expect(model.identify('la tarjeta de la puerta')?.language).toBe('es');
    expect(model.identify('el kart fel bab')?.language).toBe('ar');
    expect(model.identify('the card of the door')!.margin).toBeGreaterThan(0);
    expect(model.identify('305 !!')).toBeUndefined();
  });

  it('needs two languages to say anything', () => {
    const model = LanguageModel.train([{ text: 'only english here', lang: 'en' }]);
    expect(model.identify('only english')).toBeUndefined();
  });
});

describe('language detection with the model trained on the FAQ', () => {
  let model: LanguageModel;
  beforeAll(() => {
    const dir = resolveFaqDir(loadConfig({}).faq.dir);
    const topics = loadTopics(dir);
    model = LanguageModel.train(languageSamples(topics, readExampleFolder(dir, new Set(topics.map((topic) => topic.id))).examples));
  });

  // Messages the word lists get wrong (first column: what they say alone) and the model gets right.
  it.each([
    ['tarjetas nuevas, q modelo compro?', null, 'es'],
    ['pomo roto gira solo', null, 'es'],
    ['manillon flojo 221', null, 'es'],
    ['spare handles for sale?', 'es', 'en'],
  ] as const)('"%s": %s by its words, %s with the model', (text, byWords, language) => {
    expect(detectLanguage(text)).toBe(byWords);
    expect(detectLanguage(text, model)).toBe(language);
  });

  it.each(['el mofta7 mesh byeshta3', 'el encoder yektib beep w yetla3 fashal'])('Arabizi "%s" stays Arabic with the model', (text) => {
    expect(detectLanguage(text, model)).toBe('ar');
  });

  it('strong word evidence stands against the model ("talk to a person" is read as Spanish by its n-grams alone)', () => {
    expect(model.identify('talk to a person')?.language).toBe('es');
    expect(detectLanguage('talk to a person', model)).toBe('en');
  });

  it('two words count only with a clear lead ("pomo suelto" is Spanish, "purple banana" is nothing)', () => {
    expect(model.identify('purple banana')?.language).toBe('es');
    expect(detectLanguage('purple banana', model)).toBeNull();
    expect(detectLanguage('pomo suelto', model)).toBe('es');
  });

  it('Arabizi full of "el" is still Arabizi: the model overrules three Spanish articles with a wide lead', () => {
    const text = 'el nazeel yabi yeftah el bab el tani';
    expect(detectLanguage(text)).toBe('es');
    expect(detectLanguage(text, model)).toBe('ar');
  });

  it('capital codes are not Arabizi ("COM3", "RF200")', () => {
    expect(detectLanguage('COM3: encoder missing', model)).toBe('en');
    expect(detectLanguage('RF200 unit beeping twice')).toBe('en');
  });

  it('the word lists still decide one-word messages ("gracias", "ok")', () => {
    expect(detectLanguage('gracias', model)).toBe('es');
    expect(detectLanguage('ok', model)).toBeNull();
    expect(detectLanguage('👍', model)).toBeNull();
  });

  it('Arabic script and other languages are not the model\'s to decide', () => {
    expect(scoreLanguage('القفل يصفر ولا يفتح', model)).toEqual({ language: 'ar', strength: 3 });
    expect(scoreLanguage('bonjour, la serrure ne fonctionne pas avec la carte', model).other).toBe(true);
  });

  it('a two-word guess starts a conversation\'s language but does not switch one already detected', () => {
    const arabic = { language: 'ar' as const, source: 'detected' as const };
    expect(chooseConversationLanguage(arabic, 'ok thanks', model)).toEqual(arabic);
    expect(chooseConversationLanguage({ language: 'en', source: 'default' }, 'pomo suelto', model)).toEqual({ language: 'es', source: 'detected' });
    expect(chooseConversationLanguage({ language: 'en', source: 'default' }, 'pomo suelto')).toEqual({ language: 'en', source: 'default' });
    expect(chooseConversationLanguage(arabic, 'the guest card still shows red at the door', model)).toEqual({ language: 'en', source: 'detected' });
  });
});
