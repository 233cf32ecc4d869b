import { foldDigits } from '../../core/normalize.js';
import type { Language } from '../../core/types.js';

/**
 * Country calling codes (ITU-T E.164) whose customers most likely write in Spanish or Arabic.
 * Calling codes are prefix-free, so the longest matching prefix decides. Only a hint: the
 * language a customer actually writes in, or picks, wins.
 */
const SPANISH_CODES = [
  '34', // Spain
  '52', '53', '54', '56', '57', '58', '51', // Mexico, Cuba, Argentina, Chile, Colombia, Venezuela, Peru
  '502', '503', '504', '505', '506', '507', // Guatemala, El Salvador, Honduras, Nicaragua, Costa Rica, Panama
  '591', '593', '595', '598', '240', // Bolivia, Ecuador, Paraguay, Uruguay, Equatorial Guinea
  '1809', '1829', '1849', '1787', '1939', // Dominican Republic and Puerto Rico (North American numbering plan)
];
const ARABIC_CODES = [
  '966', '971', '974', '965', '973', '968', '967', '964', // Saudi Arabia, UAE, Qatar, Kuwait, Bahrain, Oman, Yemen, Iraq
  '962', '961', '963', '970', // Jordan, Lebanon, Syria, Palestine
  '20', '249', // Egypt, Sudan
  '218', '216', '213', '212', '222', // Libya, Tunisia, Algeria, Morocco, Mauritania
];
const ENGLISH_CODES = ['1', '44', '353', '61', '64']; // NANP (other area codes), UK, Ireland, Australia, New Zealand

const CODE_LANGUAGE = new Map<string, Language>([
  ...ENGLISH_CODES.map((code) => [code, 'en'] as const),
  ...SPANISH_CODES.map((code) => [code, 'es'] as const),
  ...ARABIC_CODES.map((code) => [code, 'ar'] as const),
]);

/** Digits of a phone number or WhatsApp id ("+34 612 34 56 78", "34612345678@c.us"), or undefined. */
export function phoneDigits(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const digits = foldDigits(phone.split('@')[0]!).replace(/^00/, '').replace(/\D/g, '');
  return digits.length >= 6 ? digits : undefined;
}

/**
 * A language hint from a phone number's country calling code: Spain and Latin America → 'es';
 * the Gulf, the Levant, Egypt and North Africa → 'ar'; main English-speaking codes → 'en';
 * anything else → undefined. Use it as `InboundMessage.localeHint`.
 */
export function languageHintFromPhone(phone: string | undefined): Language | undefined {
  const digits = phoneDigits(phone);
  if (!digits) return undefined;
  for (let length = 4; length >= 1; length -= 1) {
    const language = CODE_LANGUAGE.get(digits.slice(0, length));
    if (language) return language;
  }
  return undefined;
}
