import { readFileSync } from 'node:fs';
import { stemmer as stemArabic } from '@orama/stemmers/arabic';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { normalizeText } from '../core/normalize.js';
import { LANGUAGES, type Language } from '../core/types.js';
import { createNegationRules, expandArabicVerbs, type NegationRules, type RawNegation } from './search-morphology.js';

/**
 * Turns a message or a topic's text into search tokens, the same way on both sides:
 * normalise (case, accents, ñ, Arabic letter forms, digits) → drop room numbers → map common
 * misspellings and dialect words (`lexicon/<lng>.json`) → drop stop words → strip Arabic
 * prefixes the stemmer leaves alone (و، ال، بال، لل، ما/بـ on dialect verbs) → stem.
 */

interface Lexicon {
  stopWords: Set<string>;
  /** Single-word variants: folded word → canonical word(s). */
  variants: Map<string, string>;
  /** Multi-word variants ("dead bolt" → "deadbolt"), applied to the padded text. */
  phrases: Array<[string, string]>;
  /** Everyday hotel, booking, time and smalltalk words: they carry no lock-support meaning alone. */
  generic: string[];
  /** Other hotel equipment (window, curtain, TV, safe...): a message about it is not about a lock. */
  equipment: string[];
  /** Words that put a message in the lock domain even when it names other equipment. */
  lockWords: string[];
  /** Policy topic id → generic words that are that topic's own subject ("hours", "pay"). */
  domains: Record<string, string[]>;
  /** The word a clock time written with digits ("3am", "22h") stands for. */
  clockTime: string | undefined;
  negation: NegationRules;
}

const STEMMERS: Record<Language, (word: string) => string> = { en: stemEnglish, es: stemSpanish, ar: stemArabic };

function loadLexicon(language: Language): Lexicon {
  const raw = JSON.parse(readFileSync(new URL(`./lexicon/${language}.json`, import.meta.url), 'utf8')) as {
    stopWords: string[];
    variants: Record<string, string>;
    generic?: string[];
    equipment?: string[];
    lockWords?: string[];
    clockTime?: string;
    domains?: Record<string, string[]>;
    verbs?: Record<string, string[]>;
    negation?: RawNegation;
  };
  const variants = new Map<string, string>();
  const phrases: Array<[string, string]> = [];
  for (const [from, to] of Object.entries(raw.variants)) {
    const key = normalizeText(from);
    const value = normalizeText(to);
    if (!key || key === value) continue;
    if (key.includes(' ')) phrases.push([` ${key} `, ` ${value} `]);
    else variants.set(key, value);
  }
  const stopWords = new Set(raw.stopWords.map((word) => normalizeText(word)).filter(Boolean));
  const verbForms = expandArabicVerbs(raw.verbs ?? {}, normalizeText, (form) => stopWords.has(form) || variants.has(form));
  for (const [form, target] of verbForms) variants.set(form, target);
  return {
    stopWords,
    variants,
    phrases,
    generic: raw.generic ?? [],
    equipment: raw.equipment ?? [],
    lockWords: raw.lockWords ?? [],
    domains: raw.domains ?? {},
    clockTime: raw.clockTime ? normalizeText(raw.clockTime) : undefined,
    negation: createNegationRules(raw.negation, normalizeText),
  };
}

const LEXICONS = Object.fromEntries(LANGUAGES.map((language) => [language, loadLexicon(language)])) as Record<Language, Lexicon>;

/** Letters repeated for emphasis ("carddd", "nooo") collapse to two. */
const REPEATS = /(\p{L})\1{2,}/gu;
const HAS_DIGIT = /\d/;
/** A clock time written with digits: 3am, 10pm, 22h, 8hrs (digits alone are room numbers). */
const CLOCK_TIME = /^\d{1,2}(?:am|pm|h|hs|hrs)$/;
const SPACED_CLOCK_TIME = /\b(\d{1,2}) (am|pm)\b/g;

/**
 * Light Arabic prefix stripping: conjunction و, the article and its attached prepositions
 * (ال، وال، بال، فال، كال، لل), and dialect verb prefixes (ما negation, بـ progressive).
 * The Orama stemmer removes some of these only sometimes; doing it first keeps every form of a
 * word on the same stem.
 */
export function stripArabicPrefixes(word: string): string {
  let rest = word;
  if (rest.length > 3 && rest.startsWith('و')) rest = rest.slice(1);
  // A possessive on a word ending in ta marbuta: بطاقته، بطاقتي، بطاقتنا → بطاقه (folded ة).
  const possessive = /^(.{3,})ت(?:ه|ها|هم|ي|ك|نا|كم)$/.exec(rest);
  if (possessive) rest = `${possessive[1]}ه`;
  for (const article of ['بال', 'فال', 'كال', 'لل', 'ال']) {
    if (rest.startsWith(article) && rest.length - article.length >= 2) {
      rest = rest.slice(article.length);
      return rest;
    }
  }
  if (rest.length >= 5 && rest.startsWith('ما') && /^[يتن]/.test(rest.slice(2))) rest = rest.slice(2);
  if (rest.length >= 5 && /^ب[يتن]/.test(rest)) rest = rest.slice(1);
  return rest;
}

function canonical(word: string, lexicon: Lexicon): string {
  return lexicon.variants.get(word) ?? word;
}

/** Normalised words of a text before stop words and stemming (exported for choice matching in dialogs). */
export function searchWords(text: string, language: Language): string[] {
  const lexicon = LEXICONS[language];
  const { negators, verbs: negatable } = lexicon.negation;
  let normalized = ` ${normalizeText(text).replace(REPEATS, '$1$1').replace(SPACED_CLOCK_TIME, '$1$2')} `;
  for (const [from, to] of lexicon.phrases) if (normalized.includes(from)) normalized = normalized.split(from).join(to);
  const words: string[] = [];
  // Set by a negator, kept across stop words, spent on the next content word.
  let negated = false;
  for (const word of normalized.split(' ')) {
    if (!word) continue;
    // Numbers are room numbers, except a clock time ("3am") or a listed word ("24x7").
    if (HAS_DIGIT.test(word) && !lexicon.variants.has(word)) {
      if (lexicon.clockTime && CLOCK_TIME.test(word)) words.push(lexicon.clockTime);
      continue;
    }
    if (negators.has(word)) {
      negated = true;
      continue;
    }
    for (const piece of canonical(word, lexicon).split(' ')) {
      let current = piece;
      let negatedHere = negated;
      if (language === 'ar') {
        if (lexicon.stopWords.has(current)) continue;
        // Final hamza after alef is often not written: كهرباء / كهربا.
        if (current.length >= 5 && current.endsWith('اء')) current = current.slice(0, -1);
        // Negation written onto the verb: مايسكر، مابيقفل.
        if (current.length >= 5 && current.startsWith('ما') && negatable.has(canonical(current.slice(2), lexicon))) {
          current = current.slice(2);
          negatedHere = true;
        }
        current = canonical(stripArabicPrefixes(current), lexicon);
        // و + a stop word ("وما", "ولا") is still a stop word.
        if (current.startsWith('و') && lexicon.stopWords.has(current.slice(1))) continue;
      }
      if (current.length < 2 || lexicon.stopWords.has(current)) continue;
      negated = false;
      words.push(negatedHere ? (negatable.get(current) ?? current) : current);
    }
  }
  return words;
}

const stemCache = new Map<string, string>();

/** Search tokens of a text in one language (stems, stop words and room numbers removed). */
export function tokenizeForSearch(text: string, language: Language): string[] {
  return stemWords(searchWords(text, language), language);
}

/** The stems of words that `searchWords` returned. */
export function stemWords(words: readonly string[], language: Language): string[] {
  const tokens: string[] = [];
  for (const word of words) {
    const key = `${language}:${word}`;
    let stem = stemCache.get(key);
    if (stem === undefined) {
      stem = STEMMERS[language](word);
      if (stem.length < 2) stem = word;
      if (stemCache.size < 50_000) stemCache.set(key, stem);
    }
    tokens.push(stem);
  }
  return tokens;
}

type WordList = 'generic' | 'equipment' | 'lockWords';
const wordListCache = new Map<string, ReadonlySet<string>>();

/** A lexicon list as search tokens (stems) or, with `unstemmed`, as normalised words. */
function listOf(language: Language, list: WordList, unstemmed = false): ReadonlySet<string> {
  const key = `${language}:${list}:${unstemmed}`;
  let result = wordListCache.get(key);
  if (!result) {
    const analyse = unstemmed ? searchWords : tokenizeForSearch;
    result = new Set(LEXICONS[language][list].flatMap((word) => analyse(word, language)));
    wordListCache.set(key, result);
  }
  return result;
}

/**
 * Search tokens of the language's generic words (time, price, booking, "work", "guest"...):
 * they may add to a topic's score but never decide a match on their own.
 */
export function genericTokensOf(language: Language): ReadonlySet<string> {
  return listOf(language, 'generic');
}

/**
 * Words (normalised, not stemmed) for other hotel equipment: window, curtain, smoke detector,
 * minibar, TV, air conditioning, elevator, safe... A message about one of these is not about a lock.
 */
export function equipmentWordsOf(language: Language): ReadonlySet<string> {
  return listOf(language, 'equipment', true);
}

/**
 * Words (normalised, not stemmed) that place a message in the lock domain even when it names other
 * equipment: lock, card, key, deadbolt, encoder... Not stemmed, so "locked" (a safe, a window) is
 * not "lock".
 */
export function lockWordsOf(language: Language): ReadonlySet<string> {
  return listOf(language, 'lockWords', true);
}

const domainCache = new Map<string, ReadonlySet<string>>();

/**
 * Search tokens of a policy topic's own subject words (lexicon `domains`): generic words such as
 * "hours" or "pay" that, for this topic only, count as much as a lock-support word.
 */
export function domainTokensOf(language: Language, topicId: string): ReadonlySet<string> {
  const key = `${language}:${topicId}`;
  let tokens = domainCache.get(key);
  if (!tokens) {
    const words = LEXICONS[language].domains[topicId] ?? [];
    tokens = new Set(words.flatMap((word) => tokenizeForSearch(word, language)));
    domainCache.set(key, tokens);
  }
  return tokens;
}

/** The stop words of a language, folded (for tests and the bench). */
export function stopWordsOf(language: Language): ReadonlySet<string> {
  return LEXICONS[language].stopWords;
}
