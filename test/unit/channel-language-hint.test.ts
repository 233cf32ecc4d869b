import { describe, expect, it } from 'vitest';
import { languageHintFromPhone } from '../../src/channels/shared/language-hint.js';
import { createTestCore, testTranslator } from '../helpers/core-harness.js';

describe('languageHintFromPhone', () => {
  it.each([
    ['34612345678', 'es'], // Spain
    ['+52 55 1234 5678', 'es'], // Mexico
    ['5491122334455@c.us', 'es'], // Argentina
    ['593991234567', 'es'], // Ecuador
    ['18095551234', 'es'], // Dominican Republic
    ['971501234567@c.us', 'ar'], // UAE
    ['966501234567', 'ar'], // Saudi Arabia
    ['962791234567', 'ar'], // Jordan
    ['201001234567', 'ar'], // Egypt
    ['212612345678', 'ar'], // Morocco
    ['٩٧١٥٠١٢٣٤٥٦٧', 'ar'], // Arabic-Indic digits
    ['447700900123', 'en'], // UK
    ['12025550108', 'en'], // US
    ['8613812345678', undefined], // China
    ['5511912345678', undefined], // Brazil (Portuguese)
    ['33612345678', undefined], // France
    ['12', undefined],
    [undefined, undefined],
  ])('%s → %s', (phone, language) => {
    expect(languageHintFromPhone(phone)).toBe(language);
  });

  it('makes the core greet a Spanish number in Spanish before any text gives the language away', async () => {
    const { user } = createTestCore({ channel: 'whatsapp' });
    const out = await user('34612345678@c.us', { localeHint: languageHintFromPhone('34612345678') }).say('👍');
    expect(out[0]).toBe(testTranslator().t('es', 'menu.greeting'));
  });
});
