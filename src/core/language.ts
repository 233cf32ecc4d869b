import type { Language } from './types.js';

/**
 * Guess the language of a short chat message. Arabic script decides at once. Spanish vs
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

export function detectLanguage(text: string): Language | null {
  return scoreLanguage(text).language;
}

/**
 * The language a message is written in and how strong the evidence is: Arabic script counts
 * as strong evidence (3); for Spanish vs English, the margin of characteristic words. A single
 * "yes" or "gracias" is evidence of 1 — enough to start a conversation in that language, not
 * enough to switch one that is already going (see `chooseConversationLanguage`).
 */
export function scoreLanguage(text: string): { language: Language | null; strength: number } {
  const trimmed = text.trim();
  if (!trimmed) return { language: null, strength: 0 };
  const arabic = trimmed.match(ARABIC_SCRIPT)?.length ?? 0;
  const latin = trimmed.match(LATIN_LETTER)?.length ?? 0;
  if (arabic > 0 && arabic >= latin / 2) return { language: 'ar', strength: 3 };
  if (latin === 0) return { language: null, strength: 0 };

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
  if (spanish === english) return { language: null, strength: 0 };
  return { language: spanish > english ? 'es' : 'en', strength: Math.abs(spanish - english) };
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
): { language: Language; source: 'explicit' | 'detected' | 'hint' | 'default' } {
  if (current.source === 'explicit') return current;
  const { language, strength } = scoreLanguage(text);
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
