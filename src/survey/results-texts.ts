import { LANGUAGES, type Language } from '../core/types.js';
import { LockCareError } from '../errors.js';
import type { DeskTranslator } from '../handoff/desk-translator.js';
import type { ResultsTexts } from './survey-types.js';

/** Where one language's results text comes from: written by the manager, machine-translated, or nowhere yet. */
export type ResultsTextSource = 'written' | 'machine-translation' | 'missing';

/** The text the manager wrote in `language` (blank counts as none). */
export function writtenText(texts: ResultsTexts | undefined, language: Language): string | undefined {
  const text = texts?.[language]?.trim();
  return text ? text : undefined;
}

/** The written text a machine translation starts from: English when written, else the first language written. */
function sourceLanguage(texts: ResultsTexts | undefined): Language | undefined {
  return (['en', ...LANGUAGES] as Language[]).find((language) => writtenText(texts, language) !== undefined);
}

export function textSource(texts: ResultsTexts | undefined, language: Language, translationOn: boolean): ResultsTextSource {
  if (writtenText(texts, language)) return 'written';
  return translationOn && sourceLanguage(texts) ? 'machine-translation' : 'missing';
}

/** The refusal when a language that has answerers has no text (nothing has been sent). */
export function missingTextsError(year: number, missing: Language[], translationOn: boolean): LockCareError {
  const how = translationOn
    ? 'write the results text in at least one language (console: Reports page, PDCA; or lockcare survey actions)'
    : `write it in the console (Reports page, PDCA) or with "lockcare survey actions --year ${year} ${missing.map((language) => `--${language} <text>`).join(' ')}", or turn translation on (OPENAI_API_KEY)`;
  return new LockCareError('E_CONFLICT', `No results text in ${missing.join(', ')} for customers who answered in it; nobody was sent anything. To publish, ${how}.`, { details: { missingLanguages: missing } });
}

/**
 * The results text for each of `languages`: as written, else machine-translated from the
 * written one. Throws (before anything is sent) when a language cannot be had.
 */
export async function resolveResultsTexts(
  year: number,
  texts: ResultsTexts | undefined,
  languages: Language[],
  translator: DeskTranslator | undefined,
): Promise<{ texts: Record<string, string>; machineTranslated: Language[] }> {
  const missing = languages.filter((language) => textSource(texts, language, translator !== undefined) === 'missing');
  if (missing.length > 0) throw missingTextsError(year, missing, translator !== undefined);
  const resolved: Record<string, string> = {};
  const machineTranslated: Language[] = [];
  const failed: Language[] = [];
  const from = sourceLanguage(texts);
  for (const language of languages) {
    const written = writtenText(texts, language);
    if (written) {
      resolved[language] = written;
      continue;
    }
    try {
      resolved[language] = (await translator!.translate(writtenText(texts, from!)!, from!, language)).text;
      machineTranslated.push(language);
    } catch {
      failed.push(language);
    }
  }
  if (failed.length > 0) {
    throw new LockCareError('E_TRANSLATION', `Could not machine-translate the results text into ${failed.join(', ')}; nobody was sent anything. Write it in ${failed.join(', ')}, or try again.`, {
      details: { missingLanguages: failed },
    });
  }
  return { texts: resolved, machineTranslated };
}

/**
 * The texts `publish` sends and keeps: every language in `needed` (else it throws, as above),
 * and the others too where a text can be had (the public page reads every language).
 */
export async function resolvePublishedTexts(
  year: number,
  texts: ResultsTexts | undefined,
  needed: Language[],
  translator: DeskTranslator | undefined,
): Promise<{ texts: Record<string, string>; machineTranslated: Language[] }> {
  const resolved = await resolveResultsTexts(year, texts, needed, translator);
  for (const language of LANGUAGES.filter((other) => !needed.includes(other))) {
    try {
      const extra = await resolveResultsTexts(year, texts, [language], translator);
      Object.assign(resolved.texts, extra.texts);
      resolved.machineTranslated.push(...extra.machineTranslated);
    } catch {
      // No text in this language and none to translate from: the page shows another one.
    }
  }
  return resolved;
}
