import { foldArabic, foldDigits } from '../core/normalize.js';

/**
 * A shared consonant skeleton for Arabic script and Arabizi, so that "el 2efl msh sha3'al" and
 * "القفل مش شغال" give the same letters ("lqfl mx x8l"): vowels and the long-vowel letters are
 * dropped (Arabizi spells them freely), Arabic letters and their usual Arabizi spellings (digits
 * and digraphs: 3 = ع, 7 = ح, 5 / kh = خ, 2 = ء or ق, sh = ش, gh / 3' = غ) map to one symbol, and the
 * article "el" / "al" joins the next word as "ال" does. The classifier takes character n-grams
 * of this skeleton as extra features for Arabic and Arabizi messages.
 */

const ARABIC_TO_SKELETON: Record<string, string> = {
  ب: 'b', ت: 't', ث: 't', ج: 'j', ح: '7', خ: '5', د: 'd', ذ: 'd', ر: 'r', ز: 'z', س: 's', ش: 'x', ص: 's',
  ض: 'd', ط: 't', ظ: 'z', ع: '3', غ: '8', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', ء: 'q',
  گ: 'j', چ: 'x', پ: 'b', ڤ: 'f',
};

const LATIN_DIGRAPHS: Array<[RegExp, string]> = [
  [/3'/g, '8'], [/7'/g, '5'], [/gh/g, '8'], [/kh/g, '5'], [/sh/g, 'x'], [/ch/g, 'x'], [/th/g, 't'], [/dh/g, 'd'],
];
const LATIN_LETTERS: Record<string, string> = {
  '2': 'q', '3': '3', '5': '5', '6': 't', '7': '7', '8': '8', '9': 'q', b: 'b', c: 'k', d: 'd', f: 'f', g: 'j', h: 'h',
  j: 'j', k: 'k', l: 'l', m: 'm', n: 'n', p: 'b', q: 'q', r: 'r', s: 's', t: 't', v: 'f', x: 'x', z: 'z',
};
const ARTICLES = new Set(['el', 'al', 'il', 'l']);

function skeletonOfWord(word: string): string {
  let out = '';
  if (/[\u0600-\u06FF]/.test(word)) {
    for (const char of foldArabic(word)) out += ARABIC_TO_SKELETON[char] ?? '';
  } else {
    let latin = word.toLowerCase();
    for (const [pattern, symbol] of LATIN_DIGRAPHS) latin = latin.replace(pattern, symbol);
    for (const char of latin) out += LATIN_LETTERS[char] ?? '';
  }
  // Doubled letters (shadda, "tt") count once.
  return out.replace(/(.)\1+/g, '$1');
}

/** The skeleton words of a message (Arabic or Arabizi); room numbers and other digit runs dropped. */
export function arabicSkeleton(text: string): string[] {
  const words = foldDigits(text.toLowerCase())
    .split(/[^\p{L}0-9']+/u)
    .filter((word) => word && !/^\d+$/.test(word) && !/\d{2,}/.test(word));
  const skeleton: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (ARTICLES.has(word) && index + 1 < words.length) {
      words[index + 1] = `l${words[index + 1]}`;
      continue;
    }
    const letters = skeletonOfWord(word);
    if (letters) skeleton.push(letters);
  }
  return skeleton;
}
