import type { Language } from '../core/types.js';
import type { AgentLanguage } from '../handoff/agents-file.js';
import type { DeskTranslator } from '../handoff/desk-translator.js';
import type { SurveyAnswer } from './survey-types.js';

/**
 * A free-text survey answer as a manager reads it: the original, the language it was written
 * in, and (when translation is on and the languages differ) a translation into the reader's
 * language. `status` says which: `translated`, `same-language` (nothing to translate), `off`
 * (no OPENAI_API_KEY) or `failed` (the model did not answer; the original is shown).
 */
export interface ReadableComment {
  original: string;
  language: Language;
  status: 'translated' | 'same-language' | 'off' | 'failed';
  translation?: string;
  model?: string;
}

/** At most this many translations are asked for at once (a first view of many comments). */
const CONCURRENCY = 4;

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Each answer's comment for a reader of `to` (undefined where the customer wrote none), in the
 * answers' order. Translations are cached by the translator; a failure never throws.
 */
export async function readableComments(answers: SurveyAnswer[], to: AgentLanguage, translator: DeskTranslator | undefined): Promise<Array<ReadableComment | undefined>> {
  return mapLimited(answers, CONCURRENCY, async (answer): Promise<ReadableComment | undefined> => {
    if (!answer.comment) return undefined;
    const language = answer.commentLanguage ?? answer.language;
    const base = { original: answer.comment, language };
    if (language === to) return { ...base, status: 'same-language' };
    if (!translator) return { ...base, status: 'off' };
    try {
      const translated = await translator.translate(answer.comment, language, to);
      return { ...base, status: 'translated', translation: translated.text, model: translated.model };
    } catch {
      return { ...base, status: 'failed' };
    }
  });
}
