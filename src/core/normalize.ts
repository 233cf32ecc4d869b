/**
 * Text normalisation shared by command matching, choice matching and FAQ search.
 * Lower-case; Latin accents folded (ñ → n); Arabic diacritics and tatweel removed, alef forms
 * unified, ta marbuta → ha, alef maqsura → ya; Arabic-Indic digits → ASCII; punctuation → space.
 */
const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;

export function foldArabic(text: string): string {
  return text
    .replace(ARABIC_DIACRITICS, '')
    .replace(TATWEEL, '')
    .replace(/[إأآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
}

export function foldDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0));
}

export function foldLatin(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Normalise for matching: the same input always gives the same folded form. */
export function normalizeText(text: string): string {
  return foldLatin(foldArabic(foldDigits(text.toLowerCase())))
    .replace(/[\u060C\u061B\u061F\u06D4]/g, ' ') // Arabic comma, semicolon, question mark, full stop
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
