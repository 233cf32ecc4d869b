import { foldArabic, foldLatin } from '../core/normalize.js';
import { LANGUAGES, type Language } from '../core/types.js';
import type { FaqTopic, FaqTree } from './topic-schema.js';

/**
 * Checks a topic's trees beyond what the schema can say: links, reachability, and that the three
 * languages describe the same tree (the dialog walks step ids, so they must line up).
 */

/** Problems that would break a walk through the tree: dangling links, unreachable steps, shape mismatch. */
export function checkTopicStructure(topic: FaqTopic): string[] {
  const problems: string[] = [];
  for (const language of LANGUAGES) {
    const tree = topic.content[language].tree;
    if (tree) problems.push(...checkTree(tree).map((problem) => `${language}: ${problem}`));
  }
  problems.push(...compareLanguages(topic));
  return problems;
}

function checkTree(tree: FaqTree): string[] {
  const problems: string[] = [];
  const ids = new Set(Object.keys(tree.steps));
  if (!ids.has(tree.start)) problems.push(`start step "${tree.start}" does not exist`);
  for (const [id, step] of Object.entries(tree.steps)) {
    for (const choice of step.choices ?? []) {
      if (!ids.has(choice.next)) problems.push(`step "${id}": choice "${choice.label}" points to missing step "${choice.next}"`);
      if (choice.next === id) problems.push(`step "${id}": choice "${choice.label}" points back to the same step`);
    }
  }
  const reached = reachableSteps(tree);
  for (const id of ids) if (!reached.has(id)) problems.push(`step "${id}" is unreachable from "${tree.start}"`);
  return problems;
}

/** Step ids reachable from `start` following choices. */
export function reachableSteps(tree: FaqTree): Set<string> {
  const reached = new Set<string>();
  const pending = [tree.start];
  while (pending.length > 0) {
    const id = pending.pop()!;
    const step = tree.steps[id];
    if (reached.has(id) || !step) continue;
    reached.add(id);
    for (const choice of step.choices ?? []) pending.push(choice.next);
  }
  return reached;
}

function compareLanguages(topic: FaqTopic): string[] {
  const problems: string[] = [];
  const reference = topic.content.en.tree;
  for (const language of ['es', 'ar'] as const) {
    const tree = topic.content[language].tree;
    if (!reference && !tree) continue;
    if (!reference || !tree) {
      problems.push(`${language}: has ${tree ? 'a tree' : 'no tree'} but en has ${reference ? 'a tree' : 'none'}`);
      continue;
    }
    if (tree.start !== reference.start) problems.push(`${language}: tree starts at "${tree.start}", en starts at "${reference.start}"`);
    const mine = new Set(Object.keys(tree.steps));
    const theirs = new Set(Object.keys(reference.steps));
    for (const id of theirs) if (!mine.has(id)) problems.push(`${language}: step "${id}" of en is missing`);
    for (const id of mine) if (!theirs.has(id)) problems.push(`${language}: step "${id}" is not in en`);
    for (const id of mine) {
      const step = tree.steps[id]!;
      const english = reference.steps[id];
      if (!english) continue;
      const where = `${language}: step "${id}"`;
      if ((step.outcome ?? null) !== (english.outcome ?? null)) {
        problems.push(`${where} has outcome ${step.outcome ?? 'none'}, en has ${english.outcome ?? 'none'}`);
      }
      if (Boolean(step.staffOnly) !== Boolean(english.staffOnly)) {
        problems.push(`${where} staffOnly is ${Boolean(step.staffOnly)}, en has ${Boolean(english.staffOnly)}`);
      }
      const choices = step.choices ?? [];
      const englishChoices = english.choices ?? [];
      if (choices.length !== englishChoices.length) {
        problems.push(`${where} has ${choices.length} choices, en has ${englishChoices.length}`);
        continue;
      }
      choices.forEach((choice, index) => {
        const target = englishChoices[index]!.next;
        if (choice.next !== target) problems.push(`${where} choice ${index + 1} goes to "${choice.next}", en goes to "${target}"`);
      });
    }
  }
  return problems;
}

/**
 * Words that show a staff-only step says, in its own text, that only authorised hotel staff may
 * do it (matched on folded text, so accents and Arabic letter forms do not matter).
 */
const STAFF_WARNING_PATTERNS: Record<Language, RegExp[]> = {
  en: [/authori[sz]ed/, /\bstaff only\b/, /\bonly (?:hotel )?staff\b/],
  es: [/autorizad/],
  ar: [/مصرح/, /مخول/, /معتمد/, /مفوض/],
};

export function hasStaffWarning(language: Language, text: string): boolean {
  const folded = foldLatin(foldArabic(text.toLowerCase()));
  return STAFF_WARNING_PATTERNS[language].some((pattern) => pattern.test(folded));
}

/** Staff-only steps whose text does not say, in words, that only authorised staff may do this. */
export function checkStaffWarnings(topic: FaqTopic): string[] {
  const problems: string[] = [];
  for (const language of LANGUAGES) {
    const tree = topic.content[language].tree;
    for (const [id, step] of Object.entries(tree?.steps ?? {})) {
      if (step.staffOnly && !hasStaffWarning(language, step.text)) {
        problems.push(`${language}: step "${id}" is staffOnly but its text does not say only authorised hotel staff may do this`);
      }
    }
  }
  return problems;
}
