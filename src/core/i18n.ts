import { readdirSync, readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import i18next, { type i18n as I18nInstance, type TOptions } from 'i18next';
import { isolateLatinRuns, isolateValue } from './bidi.js';
import { LANGUAGES, type Language } from './types.js';
import { LockCareError } from '../errors.js';

/**
 * UI strings live in `locales/<language>/<group>.json`. Each file is one group of keys
 * (`menu.json` → `menu.*`), so a dialog's strings are read as `t('menu.greeting')`.
 * Code never hard-codes a sentence a user reads.
 */
export type Translate = (key: string, options?: TOptions) => string;

export interface Translator {
  t(language: Language, key: string, options?: TOptions): string;
  /** A `t` bound to one language. */
  forLanguage(language: Language): Translate;
  has(language: Language, key: string): boolean;
  /** A key whose value is an array of strings (word lists); [] when absent. */
  list(language: Language, key: string): string[];
  /** Every string of a key in every language (for matching commands typed in any language). */
  allLanguages(key: string, options?: TOptions): Array<{ language: Language; text: string }>;
}

export const DEFAULT_LOCALES_DIR = new URL('../../locales/', import.meta.url).pathname;

export function loadLocaleResources(dir = DEFAULT_LOCALES_DIR): Record<Language, Record<string, unknown>> {
  const resources = {} as Record<Language, Record<string, unknown>>;
  for (const language of LANGUAGES) {
    const folder = join(dir, language);
    const bundle: Record<string, unknown> = {};
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
      try {
        bundle[basename(file, '.json')] = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      } catch (error) {
        throw new LockCareError('E_CONTENT', `Cannot read locale file ${join(folder, file)}: ${(error as Error).message}`);
      }
    }
    resources[language] = bundle;
  }
  return resources;
}

export function createTranslator(dir = DEFAULT_LOCALES_DIR): Translator {
  const resources = loadLocaleResources(dir);
  const instance: I18nInstance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: resources[language] }])),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(LANGUAGES.map((language) => [language, instance.getFixedT(language)]));
  // Resources never change after start-up, so a key without options always gives the same
  // string: cache those (i18next's lookup is most of a turn's CPU otherwise; see `lockcare bench`).
  const plain = new Map(LANGUAGES.map((language) => [language, new Map<string, string>()]));
  const lists = new Map(LANGUAGES.map((language) => [language, new Map<string, string[]>()]));
  // Arabic: every interpolated value in FSI…PDI and every Latin run in LRI…PDI (src/core/bidi.ts).
  const rtl = (language: Language) => language === 'ar';
  const translate = (language: Language, key: string, options?: TOptions): string => {
    if (options !== undefined) {
      const text = String(fixed.get(language)!(key, (rtl(language) ? isolateOptions(options) : options) as TOptions));
      return rtl(language) ? isolateLatinRuns(text) : text;
    }
    const cache = plain.get(language)!;
    let text = cache.get(key);
    if (text === undefined) {
      text = String(fixed.get(language)!(key));
      cache.set(key, (text = rtl(language) ? isolateLatinRuns(text) : text));
    }
    return text;
  };
  return {
    t: translate,
    forLanguage: (language) => (key, options) => translate(language, key, options),
    has: (language, key) => instance.exists(key, { lng: language, fallbackLng: false }),
    list: (language, key) => {
      const cache = lists.get(language)!;
      let items = cache.get(key);
      if (!items) {
        const value = fixed.get(language)!(key, { returnObjects: true, fallbackLng: false }) as unknown;
        cache.set(key, (items = Array.isArray(value) ? value.map(String) : []));
      }
      return [...items];
    },
    allLanguages: (key, options) => LANGUAGES.map((language) => ({ language, text: translate(language, key, options) })),
  };
}

/** i18next's own options, never shown to the user: left as they are. */
const I18NEXT_OPTIONS = new Set(['count', 'context', 'defaultValue', 'lng', 'lngs', 'ns', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'replace', 'fallbackLng', 'ordinal', 'keySeparator', 'nsSeparator']);

/** Every string value interpolated into a sentence, isolated (FSI…PDI). */
function isolateOptions(options: TOptions): TOptions {
  const copy: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const [name, value] of Object.entries(copy)) if (typeof value === 'string' && !I18NEXT_OPTIONS.has(name)) copy[name] = isolateValue(value);
  return copy as TOptions;
}

export function textDirection(language: Language): 'ltr' | 'rtl' {
  return language === 'ar' ? 'rtl' : 'ltr';
}
