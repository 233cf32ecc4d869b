import type { Language } from './types.js';

/**
 * A character n-gram language identifier for Latin-script messages: English, Spanish or Arabizi
 * (Arabic in Latin letters and digits, answered in Arabic). A multinomial naive Bayes over the
 * 1–4-character runs of each word (padded with spaces, so word starts and ends count), trained on
 * text whose language is known — the FAQ's example messages, titles, answers and keywords — so it
 * reads what word lists miss: "manija 302 floja, baila" (Spanish without a single common word),
 * "el keypad ma yshta3'el" (Arabizi that starts like Spanish), "spare cylinders for sale?".
 *
 * Arabic script never reaches it (the script decides), and neither do one-word messages ("ok",
 * "gracias"): `language.ts` keeps its word evidence for those, so a conversation does not switch
 * language on a single word.
 */

export interface LanguageSample {
  text: string;
  lang: Language;
}

export interface LanguageGuess {
  language: Language;
  /** Mean log-likelihood lead per n-gram over the runner-up (0 = a coin toss; ≥ 0.3 is clear). */
  margin: number;
}

const ORDER = 4;
const SMOOTHING = 0.1;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** The n-grams of a text's words (numbers alone are left out: "305" says nothing of a language). */
export function characterGrams(text: string): string[] {
  const grams: string[] = [];
  for (const word of text.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}']+/gu) ?? []) {
    if (/^\d+$/.test(word)) continue;
    const padded = ` ${word} `;
    for (let size = 1; size <= ORDER; size += 1) {
      for (let start = 0; start + size <= padded.length; start += 1) grams.push(padded.slice(start, start + size));
    }
  }
  return grams;
}

export class LanguageModel {
  private constructor(
    private readonly languages: readonly Language[],
    /** log P(gram | language), one entry per language in `languages` order. */
    private readonly table: ReadonlyMap<string, Float64Array>,
    /** log P(unseen gram | language). */
    private readonly unseen: Float64Array,
  ) {}

  /** Train on Latin-script samples (Arabic-script ones are skipped: the script already decides). */
  static train(samples: Iterable<LanguageSample>): LanguageModel {
    const languages: Language[] = ['ar', 'en', 'es'];
    const column = new Map(languages.map((lang, index) => [lang, index]));
    const counts = new Map<string, Float64Array>();
    const totals = new Float64Array(languages.length);
    for (const { text, lang } of samples) {
      if (ARABIC_SCRIPT.test(text)) continue;
      const index = column.get(lang)!;
      for (const gram of characterGrams(text)) {
        let row = counts.get(gram);
        if (!row) counts.set(gram, (row = new Float64Array(languages.length)));
        row[index]! += 1;
        totals[index]! += 1;
      }
    }
    // A language with no sample at all is left out (a FAQ without Arabizi examples knows two).
    const known = languages.map((_, index) => index).filter((index) => totals[index]! > 0);
    const denominators = known.map((index) => Math.log(totals[index]! + SMOOTHING * counts.size));
    const table = new Map<string, Float64Array>();
    for (const [gram, row] of counts) table.set(gram, Float64Array.from(known, (index, position) => Math.log(row[index]! + SMOOTHING) - denominators[position]!));
    const unseen = Float64Array.from(denominators, (denominator) => Math.log(SMOOTHING) - denominator);
    return new LanguageModel(known.map((index) => languages[index]!), table, unseen);
  }

  /** The likeliest language of a Latin-script text, or undefined when it has no letters or the model knows fewer than two languages. */
  identify(text: string): LanguageGuess | undefined {
    if (this.languages.length < 2) return undefined;
    const grams = characterGrams(text);
    if (grams.length === 0 || !/\p{L}/u.test(text)) return undefined;
    const scores = new Float64Array(this.languages.length);
    for (const gram of grams) {
      const row = this.table.get(gram) ?? this.unseen;
      for (let index = 0; index < scores.length; index += 1) scores[index]! += row[index]!;
    }
    let best = 0;
    for (let index = 1; index < scores.length; index += 1) if (scores[index]! > scores[best]!) best = index;
    let runnerUp = -Infinity;
    for (let index = 0; index < scores.length; index += 1) if (index !== best) runnerUp = Math.max(runnerUp, scores[index]!);
    return { language: this.languages[best]!, margin: (scores[best]! - runnerUp) / grams.length };
  }
}
