import { normalizeText } from './normalize.js';
import type { Choice } from './types.js';

/**
 * Map a typed answer to one of the choices last offered, so a numbered list works on every
 * channel: "2", "٢", "two", "dos", "اثنين", "the second", or the option's own words.
 */
const NUMBER_WORDS: Record<string, number> = {
  one: 1, first: 1, two: 2, second: 2, three: 3, third: 3, four: 4, fourth: 4, five: 5, fifth: 5,
  six: 6, sixth: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  uno: 1, una: 1, primero: 1, primera: 1, dos: 2, segundo: 2, segunda: 2, tres: 3, tercero: 3, tercera: 3,
  cuatro: 4, cuarto: 4, cinco: 5, quinto: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  // Arabic, already folded by normalizeText (ة → ه, أ → ا).
  واحد: 1, الاول: 1, اول: 1, اثنين: 2, اثنان: 2, اتنين: 2, الثاني: 2, ثاني: 2, ثلاثه: 3, تلاته: 3, الثالث: 3,
  اربعه: 4, الرابع: 4, خمسه: 5, الخامس: 5, سته: 6, سبعه: 7, ثمانيه: 8, تسعه: 9, عشره: 10,
};

const FILLER = new Set(['option', 'opcion', 'number', 'numero', 'no', 'el', 'la', 'the', 'رقم', 'الخيار', 'خيار']);

/**
 * Articles and possessives an answer may start with ("el lector de tarjetas", "the card reader",
 * "my keypad", "الـ" is part of the Arabic word and stays): dropped before the option's words are compared.
 */
const LEADING_ARTICLES = new Set(['el', 'la', 'los', 'las', 'un', 'una', 'lo', 'the', 'a', 'an', 'my', 'mi']);

function withoutLeadingArticles(normalized: string): string {
  let words = normalized.split(' ');
  while (words.length > 1 && LEADING_ARTICLES.has(words[0]!)) words = words.slice(1);
  return words.join(' ');
}

export function matchChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  if (choices.length === 0) return undefined;
  const normalized = normalizeText(text);
  if (!normalized) return undefined;

  const words = normalized.split(' ').filter((word) => !FILLER.has(word));
  if (words.length === 1) {
    const word = words[0]!;
    const index = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word];
    if (index !== undefined && index >= 1 && index <= choices.length) return choices[index - 1];
  }

  // The option's own words: exact title, the value, or a title of two or more words that the
  // message contains (or that contains the message, for answers of 3+ letters). A one-word
  // title counts only on its own: "no sé" or "I have no idea" must not pick "No".
  const titled = choices.map((choice) => ({ choice, title: normalizeText(choice.title), value: normalizeText(choice.value) }));
  const exact = titled.find(({ title, value }) => title === normalized || value === normalized);
  if (exact) return exact.choice;
  const containing = titled.filter(({ title }) => title.includes(' ') && ` ${normalized} `.includes(` ${title} `));
  if (containing.length === 1) return containing[0]!.choice;
  // "el lector de tarjetas" for "Lector de tarjetas, placa electrónica o motor".
  const answer = withoutLeadingArticles(normalized);
  const bare = titled.map((item) => ({ ...item, title: withoutLeadingArticles(item.title) }));
  const exactBare = bare.filter(({ title }) => title === answer);
  if (exactBare.length === 1) return exactBare[0]!.choice;
  if (answer.length >= 3) {
    const within = bare.filter(({ title }) => ` ${title} `.includes(` ${answer} `));
    if (within.length === 1) return within[0]!.choice;
  }
  return undefined;
}
