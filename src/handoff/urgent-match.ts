import type { Translator } from '../core/i18n.js';
import { normalizeText } from '../core/normalize.js';
import { LANGUAGES } from '../core/types.js';

interface UrgentPhrases {
  phrases: string[];
  exceptions: string[];
}

const cache = new WeakMap<Translator, UrgentPhrases>();

function phrasesOf(translator: Translator): UrgentPhrases {
  let entry = cache.get(translator);
  if (!entry) {
    const read = (key: string) =>
      LANGUAGES.flatMap((language) => translator.list(language, key).map((item) => normalizeText(String(item)))).filter(Boolean);
    // Longest first, so "if there is a fire" is taken out before "there is a fire" is looked for.
    entry = { phrases: read('commands.urgent.phrases'), exceptions: read('commands.urgent.except').sort((a, b) => b.length - a.length) };
    cache.set(translator, entry);
  }
  return entry;
}

/**
 * Whether a message describes an emergency ("a guest is locked in", "hay un incendio",
 * "النزيل محبوس") once lock vocabulary that merely contains such words is set aside: "the
 * emergency card", "fire doors", "not urgent", "what happens if there is a fire" are ordinary
 * questions for the FAQ. Both lists live in `locales/<lng>/commands.json` (`commands.urgent`).
 */
export function isUrgentSituation(text: string, translator: Translator): boolean {
  const { phrases, exceptions } = phrasesOf(translator);
  let padded = ` ${normalizeText(text)} `;
  for (const exception of exceptions) {
    const needle = ` ${exception} `;
    while (padded.includes(needle)) padded = padded.replace(needle, ' | ');
  }
  return phrases.some((phrase) => padded.includes(` ${phrase} `));
}
