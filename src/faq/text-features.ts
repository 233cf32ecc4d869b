import { arabiziEvidence, detectLanguage } from '../core/language.js';
import { normalizeText } from '../core/normalize.js';
import type { Language } from '../core/types.js';
import { arabicSkeleton } from './arabizi.js';
import { tokenizeForSearch } from './search-text.js';

/**
 * The classifier's view of a message: a sparse, L2-normalised feature vector of
 * - words and word pairs of the normalised text (room numbers dropped),
 * - character n-grams of each word (3-5 letters in Latin script, 2-4 in Arabic script), which
 *   carry typos, missing accents, conjugations and Arabic prefixes without a lexicon,
 * - the search's stemmed tokens in the message's language (its lexicon's variants and stems),
 * - for Arabic and Arabizi, character n-grams of the shared consonant skeleton (`arabizi.ts`), so
 *   examples in one script teach the other.
 */

export type FeatureVector = Map<string, number>;

const WEIGHTS = { word: 1, pair: 0.7, chars: 0.35, stem: 1, skeleton: 0.35 } as const;
const ARABIC = /[\u0600-\u06FF]/;

function add(features: FeatureVector, key: string, weight: number): void {
  features.set(key, (features.get(key) ?? 0) + weight);
}

function addCharGrams(features: FeatureVector, prefix: string, word: string, min: number, max: number, weight: number): void {
  const padded = `<${word}>`;
  for (let size = min; size <= max; size += 1) {
    for (let start = 0; start + size <= padded.length; start += 1) add(features, `${prefix}${padded.slice(start, start + size)}`, weight);
  }
}

/** Feature vector of one text; `lang` when known (training data), detected otherwise. */
export function textFeatures(text: string, lang?: Language): FeatureVector {
  const features: FeatureVector = new Map();
  const normalized = normalizeText(text);
  const words = normalized.split(' ').filter((word) => word && !/^\d+$/.test(word));
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    add(features, `w:${word}`, WEIGHTS.word);
    if (index + 1 < words.length) add(features, `p:${word}_${words[index + 1]}`, WEIGHTS.pair);
    const arabic = ARABIC.test(word);
    addCharGrams(features, 'c:', word, arabic ? 2 : 3, arabic ? 3 : 4, WEIGHTS.chars);
  }
  const language = lang ?? detectLanguage(text);
  const arabicScript = ARABIC.test(normalized);
  const arabizi = !arabicScript && arabiziEvidence(text) >= 2;
  const stemLanguages: Language[] = arabizi ? [] : language ? [language] : ['en', 'es'];
  for (const stemLanguage of stemLanguages) {
    for (const token of new Set(tokenizeForSearch(text, stemLanguage))) add(features, `s:${token}`, WEIGHTS.stem);
  }
  if (arabicScript || arabizi || (lang === 'ar' && !arabicScript)) {
    for (const word of arabicSkeleton(text)) addCharGrams(features, 'k:', word, 2, 3, WEIGHTS.skeleton);
  }
  let norm = 0;
  for (const value of features.values()) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, value] of features) features.set(key, value / norm);
  return features;
}
