import type { LanguageModel } from './language-model.js';
import { isOtherScript, otherLanguageEvidence } from './other-language.js';
import type { Language } from './types.js';

/**
 * Guess the language of a short chat message. Arabic script decides at once, and so does
 * Arabizi (Arabic in Latin letters and digits, answered in Arabic). Spanish vs
 * English is scored on characteristic words and letters; a message with no evidence
 * ("ok", "305", "👍") returns null so the conversation keeps its current language.
 */
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
const LATIN_LETTER = /[a-zñáéíóúü]/gi;

const SPANISH_WORDS = new Set(
  ('hola buenas buenos dias tardes noches gracias por favor si sí no que qué como cómo donde dónde cuando cuándo ' +
    'porque por para pero con sin una uno unos unas el la los las del al es esta está estan están son tengo tiene ' +
    'tenemos hay puerta cerradura chapa tarjeta llave pila pilas bateria batería habitacion habitación cuarto ' +
    'funciona abre abrir cierra cerrar luz roja verde pita suena ayuda necesito quiero garantia garantía menú menu ' +
    'ayúdame persona humano agente hablar idioma español cambiar nada todo muy mi mis tu su nuestra nuestro ' +
    'huesped huésped recepcion recepción numero número serie problema error gracias vale claro bueno sale').split(' '),
);

const ENGLISH_WORDS = new Set(
  ('hi hello hey good morning evening thanks thank you please yes no what how where when why the a an is are ' +
    'was it its this that my our your door lock card key battery batteries room guest not does doesnt don’t dont ' +
    "won't wont can cant can't open opens close red green light beep beeps help need want warranty menu person " +
    'human agent talk speak language english change with without have has there here stuck broken working work ' +
    'reception front desk serial number problem error issue').split(' '),
);

const SPANISH_ONLY_LETTERS = /[ñ¿¡]|[áéíóú]/i;

/**
 * Arabizi (Arabic written in Latin letters and digits: "el 2efl msh sha3'al", "elkart ma yefta7"):
 * words with a digit standing for an Arabic letter (2 3 5 6 7 8 9, 3'), and common dialect words
 * that are neither English nor Spanish. Ordinals, times and units ("3rd", "5pm", "9v") do not count.
 */
const ARABIZI_WORDS = new Set(
  ('msh mesh mish mush ma3 3ala 3la enta inta enti ezay ezzay izay leh lesh leish shu shoo wesh wala bas delwa2ty ' +
    'ya3ni kteer keteer awi khalas khales yalla ba3d 3ayez 3ayz 3ayza 3ayzeen 3andi 3andna 3andena mafi mafeesh mafish ' +
    'momken mumkin lazem lazim bta3 beta3 bita3 beta3et bta3et ahlan shukran shokran marhaba sabah inshallah nbi abgha ' +
    'feen fein 3shan 3ashan ashan kda keda kaman kamaan hena hnak ghorfa ooda 2efl shaghal shaghala sha3\'al ' +
    'btefta7 byefta7 yefta7 mbare7 embare7 ya3ne ma3lesh ma3lish ezzayak izzayak kifak keefak shlonak shlon ' +
    'wain weyn aywa aywa la2 tayeb tayyeb mashi meshi ba2a leeh kam').split(' '),
);
const ARABIZI_DIGIT_WORD = /^(?=.*[a-z].*)[a-z']*(?:[235679]|3'|7')[a-z']*$/;
const NOT_ARABIZI = /^\d(?:st|nd|rd|th|am|pm|h|hs|hrs|x|g|v|k|m|mm|cm|b|f|s|d|ah)$/;

/** "2efl", "sha3'al", "yefta7" — not "3rd", "5pm", "mp3" or "t5577". */
function isArabiziDigitWord(word: string): boolean {
  if (word.length < 3 || !ARABIZI_DIGIT_WORD.test(word) || NOT_ARABIZI.test(word) || (word.match(/\d/g)?.length ?? 0) !== 1) return false;
  const [before = '', after = ''] = word.split(/\d/);
  return before.length >= 3 || after.replace(/'/g, '').length >= 2 || (before.length >= 1 && after.length >= 1);
}

/** How strongly a Latin-script message reads as Arabizi (0 = not at all). */
export function arabiziEvidence(text: string): number {
  let evidence = 0;
  // Codes in capitals ("COM3", "RF200", "LK3") are port and model names, not Arabizi.
  for (const word of (text.match(/[A-Za-z0-9']+/g) ?? []).filter((token) => !/^[A-Z]{2,}\d/.test(token)).map((token) => token.toLowerCase())) {
    if (isArabiziDigitWord(word)) evidence += 2;
    else if (ARABIZI_WORDS.has(word)) evidence += 1;
  }
  return evidence;
}

export function detectLanguage(text: string, model?: LanguageModel): Language | null {
  return scoreLanguage(text, model).language;
}

/** A trained model's lead per n-gram that counts as clear evidence (see `language-model.ts`). */
const MODEL_CLEAR_MARGIN = 0.3;
/** The lead the model needs to say anything about a two-word message. */
const MODEL_TWO_WORD_MARGIN = 0.5;
/** The lead the model needs to overrule word evidence of a given strength. */
const overruleMargin = (strength: number) => (strength >= 3 ? 1 : strength >= 2 ? 0.6 : MODEL_CLEAR_MARGIN);

/**
 * The language a message is written in and how strong the evidence is: Arabic script counts
 * as strong evidence (3); for Spanish vs English, the margin of characteristic words. A single
 * "yes" or "gracias" is evidence of 1 — enough to start a conversation in that language, not
 * enough to switch one that is already going (see `chooseConversationLanguage`).
 */
export function scoreLanguage(text: string, model?: LanguageModel): { language: Language | null; strength: number; other?: true } {
  const trimmed = text.trim();
  if (!trimmed) return { language: null, strength: 0 };
  const arabic = trimmed.match(ARABIC_SCRIPT)?.length ?? 0;
  const latin = trimmed.match(LATIN_LETTER)?.length ?? 0;
  if (arabic > 0 && arabic >= latin / 2) return { language: 'ar', strength: 3 };
  // Chinese, Russian, …: no evidence for a language LockCare speaks (see other-language.ts).
  if (isOtherScript(trimmed)) return { language: null, strength: 0, other: true };
  if (latin === 0) return { language: null, strength: 0 };

  const arabizi = arabiziEvidence(trimmed);
  let spanish = SPANISH_ONLY_LETTERS.test(trimmed) ? 2 : 0;
  let english = 0;
  const words = trimmed.toLowerCase().match(/[a-zñáéíóúü'’]+/g) ?? [];
  for (const word of words) {
    const folded = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const isSpanish = SPANISH_WORDS.has(word) || SPANISH_WORDS.has(folded);
    const isEnglish = ENGLISH_WORDS.has(word);
    // Words in both lists ("no", "menu") carry no evidence.
    if (isSpanish && !isEnglish) spanish += 1;
    if (isEnglish && !isSpanish) english += 1;
    if (!isSpanish && !isEnglish && /(cion|ción|mente|ando|iendo)$/.test(folded)) spanish += 0.5;
    if (!isSpanish && !isEnglish && /(ing|tion|ed)$/.test(word) && !/ción$/.test(word)) english += 0.5;
  }
  // Arabizi is answered in Arabic: two pieces of evidence, more than for English or Spanish.
  const byWords: { language: Language | null; strength: number } =
    arabizi >= 2 && arabizi > Math.max(spanish, english)
      ? { language: 'ar', strength: Math.min(3, arabizi) }
      : spanish === english
        ? { language: null, strength: 0 }
        : { language: spanish > english ? 'es' : 'en', strength: Math.abs(spanish - english) };
  // French, Portuguese, German, Italian: not read as Spanish or English.
  const other = otherLanguageEvidence(trimmed);
  if (byWords.language !== 'ar' && other >= 2 && other > Math.max(spanish, english)) return { language: null, strength: 0, other: true };
  // Two words or more: the trained character model reads what word lists miss. Its guess is
  // clear evidence (enough to switch a conversation) only from three words on with a clear lead.
  const identified = model && words.length >= 2 ? model.identify(trimmed) : undefined;
  // Two words are little to go on: only a clear lead counts ("pomo suelto" yes, "purple banana" no).
  const guess = identified && (words.length >= 3 || identified.margin >= MODEL_TWO_WORD_MARGIN) ? identified : undefined;
  // Word evidence stands against a model that disagrees without a lead to match it: "talk to a
  // person" (three English words) is not Spanish, but "el 2efl mayyet … el bab" (three Spanish
  // articles by the word lists) is Arabizi by a wide margin.
  const overruled = guess && guess.language !== byWords.language && byWords.language !== null && guess.margin < overruleMargin(byWords.strength);
  if (guess && !overruled) {
    const clear = words.length >= 3 && guess.margin >= MODEL_CLEAR_MARGIN ? 2 : 1;
    const strength = guess.language === byWords.language ? Math.max(byWords.strength, clear) : clear;
    return { language: guess.language, strength: Math.min(3, strength) };
  }
  return byWords;
}

/** A message clearly in a language LockCare does not speak (French, Chinese, Portuguese, German, …). */
export function isOtherLanguage(text: string): boolean {
  return scoreLanguage(text).other === true;
}

/** Evidence needed to switch a conversation whose language was already detected. */
const SWITCH_STRENGTH = 2;

/**
 * The language a conversation continues in after this message. An explicit choice sticks; a
 * conversation with no detected language yet takes any evidence; one already detected switches
 * only on clear evidence, so "ok", "yes" or "thanks" in the middle of an Arabic conversation
 * leave it in Arabic while a whole sentence in English switches it.
 */
export function chooseConversationLanguage(
  current: { language: Language; source: 'explicit' | 'detected' | 'hint' | 'default' },
  text: string,
  model?: LanguageModel,
): { language: Language; source: 'explicit' | 'detected' | 'hint' | 'default' } {
  if (current.source === 'explicit') return current;
  const { language, strength } = scoreLanguage(text, model);
  if (!language) return current;
  if (current.source === 'detected' && language !== current.language && strength < SWITCH_STRENGTH) return current;
  return { language, source: 'detected' };
}

/** Map a platform locale ("es-MX", "ar_AE", "en") or phone country code to a language. */
export function languageFromLocale(locale: string | undefined): Language | null {
  if (!locale) return null;
  const primary = locale.toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'es' || primary === 'ar' ? primary : null;
}
