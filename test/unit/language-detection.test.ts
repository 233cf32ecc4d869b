import { describe, expect, it } from 'vitest';
import { chooseConversationLanguage, detectLanguage, languageFromLocale } from '../../src/core/language.js';

describe('language detection', () => {
  it.each([
    ['hola', 'es'],
    ['Hola buenas', 'es'],
    ['la puerta no abre con la tarjeta', 'es'],
    ['cerradura habitacion 305 luz roja', 'es'],
    ['¿la garantía?', 'es'],
    ['hello', 'en'],
    ['door stays red with the new card room 305', 'en'],
    ['lock not working', 'en'],
    ['القفل يصفر ولا يفتح', 'ar'],
    ['السلام عليكم', 'ar'],
    ['الكارت ما يشتغل room 305', 'ar'],
  ] as const)('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each(['ok', '305', '👍', '', '  ', 'no', 'menu'])('"%s" carries no evidence', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it.each([
    ['es-MX', 'es'],
    ['ar_AE', 'ar'],
    ['en-GB', 'en'],
    ['fr-FR', null],
    [undefined, null],
  ] as const)('locale %s → %s', (locale, language) => {
    expect(languageFromLocale(locale)).toBe(language);
  });
});

describe('the language a conversation keeps', () => {
  const detected = (language: 'en' | 'es' | 'ar') => ({ language, source: 'detected' as const });

  it.each([
    ['ar', 'yes'],
    ['ar', 'thanks'],
    ['ar', 'ok'],
    ['es', 'yes'],
    ['en', 'gracias'],
    ['en', 'hola'],
  ] as const)('a %s conversation stays %s after a lone "%s"', (language, text) => {
    expect(chooseConversationLanguage(detected(language), text)).toEqual(detected(language));
  });

  it.each([
    ['ar', 'the lock in room 305 is still not working', 'en'],
    ['en', 'la cerradura de la habitación sigue sin funcionar', 'es'],
    ['en', 'القفل ما زال لا يعمل', 'ar'],
    ['es', 'نعم', 'ar'],
  ] as const)('a %s conversation switches on clear evidence: "%s" → %s', (language, text, next) => {
    expect(chooseConversationLanguage(detected(language), text)).toEqual(detected(next));
  });

  it('a new conversation takes even a single word, and an explicit choice never changes', () => {
    expect(chooseConversationLanguage({ language: 'en', source: 'default' }, 'hola')).toEqual(detected('es'));
    expect(chooseConversationLanguage({ language: 'en', source: 'hint' }, 'gracias')).toEqual(detected('es'));
    expect(chooseConversationLanguage({ language: 'ar', source: 'explicit' }, 'the lock is still not working')).toEqual({ language: 'ar', source: 'explicit' });
  });
});
