/**
 * `npm run eval:faq`: FAQ search accuracy on the labelled questions in
 * `test/eval/faq-questions-*.jsonl` (one `{"text", "lang", "topic"}` per line; `topic: null` =
 * off-topic). Prints top-1 and top-3 accuracy per language and the off-topic rejection rate
 * against the targets, and exits 1 when a target is missed. `--misses` lists every miss.
 *
 * Questions are searched the way the bot searches a message: no language hint, the language is
 * detected (or every language is tried when unclear).
 * - top-1: the first confident result is the labelled topic (what the bot would open directly).
 * - top-3: the labelled topic is among the first three topics shown (confident or suggested).
 * - rejection: an off-topic question gets no confident result.
 *
 * Each held-out file `test/eval/faq-holdout*.jsonl` (sets written before a tuning pass and not tuned
 * against during it) is measured in its own informational block with no effect on the exit code.
 * `--no-holdout` skips them all, `--holdout <file>` (repeatable) measures only the named ones (use
 * that while tuning so the newest set stays unseen), `--holdout-misses` lists their misses.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { LANGUAGES, isLanguage, type Language } from '../../src/core/types.js';
import { FaqSearch } from '../../src/faq/faq-search.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

interface Question {
  text: string;
  lang: Language;
  topic: string | null;
  file: string;
}

interface Figures {
  perLanguage: Map<Language, { total: number; top1: number; top3: number }>;
  offTopic: number;
  rejected: number;
  misses: string[];
  unknownTopics: Set<string>;
}

const TARGETS = { top1: 0.9, top3: 0.97, rejection: 0.9 };
const EVAL_DIR = fileURLToPath(new URL('.', import.meta.url));
const HOLDOUT_FILES = /^faq-holdout.*\.jsonl$/;

function readQuestionFile(file: string): Question[] {
  const questions: Question[] = [];
  readFileSync(join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim()) return;
      const raw = JSON.parse(line) as { text?: unknown; lang?: unknown; topic?: unknown };
      if (typeof raw.text !== 'string' || !isLanguage(raw.lang) || !(raw.topic === null || typeof raw.topic === 'string')) {
        throw new Error(`${file}:${index + 1}: expected {"text": string, "lang": "en|es|ar", "topic": string|null}`);
      }
      questions.push({ text: raw.text, lang: raw.lang, topic: raw.topic, file });
    });
  return questions;
}

function readQuestions(): Question[] {
  const files = readdirSync(EVAL_DIR).filter((name) => /^faq-questions-.*\.jsonl$/.test(name)).sort();
  return files.flatMap(readQuestionFile);
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function measure(search: FaqSearch, questions: Question[], known: ReadonlySet<string>): Figures {
  const figures: Figures = {
    perLanguage: new Map(LANGUAGES.map((language) => [language, { total: 0, top1: 0, top3: 0 }])),
    offTopic: 0,
    rejected: 0,
    misses: [],
    unknownTopics: new Set(),
  };
  for (const question of questions) {
    const result = search.search(question.text);
    const shown = [...new Set([...result.results, ...result.suggestions].map((hit) => hit.topic))].slice(0, 3);
    if (question.topic === null) {
      figures.offTopic += 1;
      if (result.results.length === 0) figures.rejected += 1;
      else figures.misses.push(`[off-topic ${question.lang}] "${question.text}" → ${result.results[0]!.topic} (${result.results[0]!.score})`);
      continue;
    }
    if (!known.has(question.topic)) figures.unknownTopics.add(question.topic);
    const language = figures.perLanguage.get(question.lang)!;
    language.total += 1;
    const first = result.results[0]?.topic;
    if (first === question.topic) language.top1 += 1;
    else figures.misses.push(`[${question.lang} ${question.topic}] "${question.text}" → ${first ?? 'not confident'}; shown ${shown.join(', ') || 'nothing'}`);
    if (shown.includes(question.topic)) language.top3 += 1;
  }
  return figures;
}

/** Prints one block of figures against the targets; returns whether every target was met. */
function printFigures(figures: Figures): boolean {
  let pass = true;
  const line = (label: string, value: number, target: number, count: string) => {
    const ok = value >= target;
    pass &&= ok;
    process.stdout.write(`${label.padEnd(28)} ${percent(value).padStart(7)}  (${count})  target ≥ ${percent(target)}  ${ok ? 'PASS' : 'FAIL'}\n`);
  };
  for (const [language, counts] of figures.perLanguage) {
    if (counts.total === 0) {
      process.stdout.write(`${language}: no questions  FAIL\n`);
      pass = false;
      continue;
    }
    line(`${language} top-1`, counts.top1 / counts.total, TARGETS.top1, `${counts.top1}/${counts.total}`);
    line(`${language} top-3`, counts.top3 / counts.total, TARGETS.top3, `${counts.top3}/${counts.total}`);
  }
  if (figures.offTopic === 0) {
    process.stdout.write('off-topic: no questions  FAIL\n');
    pass = false;
  } else {
    line('off-topic rejection', figures.rejected / figures.offTopic, TARGETS.rejection, `${figures.rejected}/${figures.offTopic}`);
  }
  if (figures.unknownTopics.size > 0) process.stdout.write(`\nLabelled topics with no topic file: ${[...figures.unknownTopics].join(', ')}\n`);
  return pass;
}

async function main(): Promise<number> {
  const showMisses = process.argv.includes('--misses');
  const questions = readQuestions();
  if (questions.length === 0) {
    process.stderr.write('No questions found in test/eval/faq-questions-*.jsonl\n');
    return 1;
  }
  const topics = loadTopics(resolveFaqDir(loadConfig(process.env).faq.dir));
  const known = new Set(topics.map((topic) => topic.id));
  const search = await FaqSearch.build(topics);

  process.stdout.write(`FAQ search evaluation: ${questions.length} questions, ${topics.length} topics\n\n`);
  const main = measure(search, questions, known);
  const pass = printFigures(main);
  if (showMisses && main.misses.length > 0) process.stdout.write(`\nMisses:\n${main.misses.join('\n')}\n`);
  else if (main.misses.length > 0) process.stdout.write(`\n${main.misses.length} misses (run with --misses to list them)\n`);
  process.stdout.write(`\n${pass ? 'PASS' : 'FAIL'}\n`);

  for (const file of selectHoldoutFiles()) {
    const holdout = readQuestionFile(file);
    process.stdout.write(`\nHeld-out set ${file} (informational, no effect on the exit code): ${holdout.length} questions\n\n`);
    const figures = measure(search, holdout, known);
    printFigures(figures);
    if (process.argv.includes('--holdout-misses') && figures.misses.length > 0) process.stdout.write(`\nHeld-out misses (${file}):\n${figures.misses.join('\n')}\n`);
    else process.stdout.write(`\n${figures.misses.length} held-out misses (--holdout-misses lists them)\n`);
  }
  return pass ? 0 : 1;
}

/** The held-out files to measure: all of them, only those named with `--holdout <file>`, or none. */
function selectHoldoutFiles(): string[] {
  if (process.argv.includes('--no-holdout') || !existsSync(EVAL_DIR)) return [];
  const all = readdirSync(EVAL_DIR).filter((name) => HOLDOUT_FILES.test(name)).sort();
  const named = process.argv.flatMap((arg, index) => (arg === '--holdout' ? [process.argv[index + 1] ?? ''] : []));
  if (named.length === 0) return all;
  const unknown = named.filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new Error(`No held-out file ${unknown.join(', ')} in test/eval (have: ${all.join(', ')})`);
  return all.filter((name) => named.includes(name));
}

process.exitCode = await main();
