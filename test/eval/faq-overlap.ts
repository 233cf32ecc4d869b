/**
 * `npx tsx test/eval/faq-overlap.ts <file.jsonl>`: lists every 3-word run (after normalisation)
 * that a question set shares with any other question file in test/eval (every `*.jsonl` there,
 * the frozen sets included), with any topic's title or keyword, with any example message
 * (`faq/examples/*.json`), or with another message of the same file. A new held-out set must print
 * nothing (exit 0); shared runs exit 1.
 *
 * `npx tsx test/eval/faq-overlap.ts --examples`: lists every 3-word run an example message
 * (`faq/examples/*.json`) shares with any evaluation set, the frozen one included. Examples are
 * training data: they must not quote the wording they are measured on (the unit test
 * test/unit/faq-examples.test.ts runs the same check).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { normalizeText } from '../../src/core/normalize.js';
import { LANGUAGES } from '../../src/core/types.js';
import { readExampleFolder } from '../../src/faq/example-loader.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

const EVAL_DIR = fileURLToPath(new URL('.', import.meta.url));

function trigrams(text: string): string[] {
  const words = normalizeText(text).split(' ').filter(Boolean);
  const runs: string[] = [];
  for (let index = 0; index + 3 <= words.length; index += 1) runs.push(words.slice(index, index + 3).join(' '));
  return runs;
}

function questionTexts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

/** Every 3-word run of every evaluation set in test/eval (except `skip`), with the file it is in. */
export function evaluationRuns(skip?: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const name of readdirSync(EVAL_DIR).filter((file) => file.endsWith('.jsonl') && file !== skip)) {
    for (const text of questionTexts(join(EVAL_DIR, name))) trigrams(text).forEach((run) => seen.has(run) || seen.set(run, name));
  }
  return seen;
}

/** Example messages that share a 3-word run with an evaluation set: one line per shared run. */
export function exampleOverlaps(faqDir: string): string[] {
  const runs = evaluationRuns();
  const lines: string[] = [];
  for (const { text, topic, lang } of readExampleFolder(faqDir).examples) {
    for (const run of trigrams(text)) {
      const source = runs.get(run);
      if (source) lines.push(`"${run}" in ${topic} (${lang}) example "${text}" (also in ${source})`);
    }
  }
  return lines;
}

function checkQuestionSet(target: string): number {
  const seen = evaluationRuns(basename(target));
  const remember = (text: string, source: string) => trigrams(text).forEach((run) => seen.has(run) || seen.set(run, source));
  const faqDir = resolveFaqDir(loadConfig(process.env).faq.dir);
  for (const topic of loadTopics(faqDir)) {
    for (const language of LANGUAGES) {
      const content = topic.content[language];
      remember(content.title, `${topic.id} title`);
      content.keywords.forEach((keyword) => remember(keyword, `${topic.id} keyword`));
    }
  }
  // The source is named, not quoted: a writer of a held-out set must not read the examples.
  for (const { text, topic, lang } of readExampleFolder(faqDir).examples) remember(text, `${topic} example (${lang})`);
  let shared = 0;
  const own = new Map<string, string>();
  for (const text of questionTexts(target)) {
    for (const run of trigrams(text)) {
      const source = seen.get(run) ?? own.get(run);
      if (source) {
        shared += 1;
        process.stdout.write(`"${run}" in "${text}" (also in ${source})\n`);
      }
    }
    trigrams(text).forEach((run) => own.set(run, 'this file'));
  }
  return shared === 0 ? 0 : 1;
}

function main(): number {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: faq-overlap.ts <file.jsonl> | --examples\n');
    return 2;
  }
  if (target === '--examples') {
    const lines = exampleOverlaps(resolveFaqDir(loadConfig(process.env).faq.dir));
    lines.forEach((line) => process.stdout.write(`${line}\n`));
    return lines.length === 0 ? 0 : 1;
  }
  return checkQuestionSet(target);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
