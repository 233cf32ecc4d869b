import { describe, expect, it } from 'vitest';
import { detectLanguage, languageFromLocale } from '../../src/core/language.js';

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
