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

const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** Recent results: every turn normalises the offered choices and word lists again. */
const memo = new Map<string, string>();
const MEMO_LIMIT = 5000;
const MEMO_MAX_LENGTH = 200;

/** Normalise for matching: the same input always gives the same folded form. */
export function normalizeText(text: string): string {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result = foldText(text);
  if (text.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, result);
  }
  return result;
}

function foldText(text: string): string {
  // Plain ASCII has nothing to fold: the same result as below, several times faster.
  if (ASCII_ONLY.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return foldLatin(foldArabic(foldDigits(text.toLowerCase())))
    .replace(/[\u060C\u061B\u061F\u06D4]/g, ' ') // Arabic comma, semicolon, question mark, full stop
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
