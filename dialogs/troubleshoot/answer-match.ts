import type { TurnContext } from '../../src/core/dialog.js';
import { normalizeText } from '../../src/core/normalize.js';
import { LANGUAGES } from '../../src/core/types.js';
import { faqOf } from './troubleshoot-state.js';

/**
 * Free-text answers to a step: "yes", "sí", "نعم", "no", "لا", or words of one option
 * ("it beeps twice" → "Red light or error beeps"). Numbers and exact option titles are mapped to
 * choice values by the core before the dialog runs.
 */
export type YesNo = 'yes' | 'no';

function wordList(ctx: TurnContext, key: 'faq.yesWords' | 'faq.noWords'): string[] {
  // Yes/no words of every language: people answer "ok" or "si" whatever the conversation's language.
  return LANGUAGES.flatMap((language) => ctx.services.translator.list(language, key)).map((word) => normalizeText(word)).filter(Boolean);
}

function startsWithAny(normalized: string, words: string[]): boolean {
  return words.some((word) => normalized === word || normalized.startsWith(`${word} `));
}

/** Whether the message is a yes or a no (by its first words), or neither. */
export function classifyYesNo(ctx: TurnContext, text: string): YesNo | undefined {
  const normalized = normalizeText(text);
  if (!normalized) return undefined;
  const yes = startsWithAny(normalized, wordList(ctx, 'faq.yesWords'));
  const no = startsWithAny(normalized, wordList(ctx, 'faq.noWords'));
  if (yes === no) return undefined;
  return yes ? 'yes' : 'no';
}

/** The 1-based choice whose label starts with a yes (or no) word, when exactly one does. */
function choiceStartingWith(ctx: TurnContext, labels: string[], answer: YesNo): number | undefined {
  const found = labels.map((label, index) => ({ index, kind: classifyYesNo(ctx, label) })).filter((item) => item.kind === answer);
  return found.length === 1 ? found[0]!.index + 1 : undefined;
}

/** The 1-based choice whose label shares the most words with the message, when one clearly does. */
function choiceByWords(ctx: TurnContext, labels: string[], text: string): number | undefined {
  const faq = faqOf(ctx);
  const words = new Set(faq.tokenize(text, ctx.language));
  if (words.size === 0) return undefined;
  const overlaps = labels.map((label) => faq.tokenize(label, ctx.language).filter((token) => words.has(token)).length);
  const best = Math.max(...overlaps);
  if (best === 0 || overlaps.filter((overlap) => overlap === best).length > 1) return undefined;
  return overlaps.indexOf(best) + 1;
}

/** Map a free-text answer to a choice number (1-based) of a step, or undefined. */
export function matchStepAnswer(ctx: TurnContext, labels: string[], text: string): number | undefined {
  const yesNo = classifyYesNo(ctx, text);
  if (yesNo) {
    const byYesNo = choiceStartingWith(ctx, labels, yesNo);
    if (byYesNo !== undefined) return byYesNo;
  }
  return choiceByWords(ctx, labels, text);
}
