/**
 * Word-form knowledge the stemmers lack, read from `lexicon/<lng>.json`:
 * - `verbs` (Arabic): a canonical word and the bare stems of one verb ("مفقود": ["ضاع", "ضيع",
 *   "فقد"]). Every conjugated form people write is generated from the stems: perfect suffixes
 *   (ضيعنا، ضاعت، فقدوا), imperfect prefixes with the Gulf/Levantine/Egyptian progressive and future
 *   markers (يضيع، بيضيع، بتضيع، حيضيع، هيضيع) and their suffixes (يضيعوا، تضيعين). The Orama
 *   Arabic stemmer handles few of these, so without this "ضاعت" never meets "ضايع".
 * - `negation`: a negator followed by a verb whose meaning flips a topic becomes one compound word:
 *   "doesn't close" / "no se queda cerrada" / "ما يسكر" (the door will not latch) is a different
 *   problem from "stays closed" / "sigue cerrada" / "مسكر" (it will not open). Stop words between
 *   the negator and the verb are skipped ("no SE QUEDA cerrada", "ما يظل مسكر").
 */

export interface NegationRules {
  negators: ReadonlySet<string>;
  /** Canonical verb → the compound word its negation becomes. */
  verbs: ReadonlyMap<string, string>;
}

export interface RawNegation {
  negators: string[];
  verbs: Record<string, string>;
}

const PERFECT_SUFFIXES = ['', 'ت', 'نا', 'وا', 'و', 'تي', 'تو', 'تم', 'ه', 'ها', 'هم', 'ناه', 'وه'];
const IMPERFECT_PERSON = ['ي', 'ت', 'ن', 'ا'];
/** Progressive (ب، Levantine/Egyptian/Gulf), future (ح، ه Egyptian/Levantine), none. */
const DIALECT_MARKERS = ['', 'ب', 'ح', 'ه'];
const IMPERFECT_SUFFIXES = ['', 'ون', 'وا', 'و', 'ين', 'ي', 'ه', 'ها', 'هم', 'نا', 'ش'];

/**
 * Every written form of the listed Arabic verbs → its canonical word. Forms that are already
 * something else (a stop word, an explicit variant, another verb's form) are left alone.
 */
export function expandArabicVerbs(verbs: Record<string, string[]>, normalize: (word: string) => string, taken: (word: string) => boolean): Map<string, string> {
  const forms = new Map<string, string>();
  const add = (form: string, target: string) => {
    if (form.length < 3 || forms.has(form) || taken(form)) return;
    forms.set(form, target);
  };
  for (const [target, stems] of Object.entries(verbs)) {
    const canonical = normalize(target);
    for (const raw of stems) {
      // "~قفل": the conjugated forms only, not the bare word (قفل alone is the noun "lock").
      const formsOnly = raw.startsWith('~');
      const stem = normalize(formsOnly ? raw.slice(1) : raw);
      for (const suffix of PERFECT_SUFFIXES) if (!(formsOnly && suffix === '')) add(stem + suffix, canonical);
      // Two-letter stems (لف، رش) only take suffixes: with a prefix they collide with other words (تلف = damage).
      if (stem.length < 3) continue;
      for (const marker of DIALECT_MARKERS) {
        for (const person of IMPERFECT_PERSON) {
          if (marker && person === 'ا' && marker !== 'ب') continue;
          for (const suffix of IMPERFECT_SUFFIXES) add(marker + person + stem + suffix, canonical);
        }
      }
    }
  }
  return forms;
}

export function createNegationRules(raw: RawNegation | undefined, normalize: (word: string) => string): NegationRules {
  return {
    negators: new Set((raw?.negators ?? []).map(normalize)),
    verbs: new Map(Object.entries(raw?.verbs ?? {}).map(([verb, compound]) => [normalize(verb), normalize(compound).replace(/ /g, '')])),
  };
}
