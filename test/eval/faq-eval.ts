/**
 * `npm run eval:faq`: how well the FAQ understands messages, per language, for four systems side
 * by side — the combined model the bot uses (classifier + search), the Orama search alone, the
 * trained classifier alone, and the NLP.js peer trained on the same data (`nlpjs-peer.ts`).
 * Question files hold one `{"text", "lang", "topic"}` per line (`topic: null` = off-topic).
 *
 * - top-1: the system acts on the labelled topic (first confident result).
 * - top-3: the labelled topic is among what the user is shown: the two topics of a clarifying
 *   question, or the first three confident / suggested topics.
 * - off-topic: an off-topic message gets no confident result (per language of the message).
 * - language: the language the system detects is the labelled one (Arabizi is labelled ar).
 *
 * By default the development sets are measured: `faq-questions-*.jsonl`, `faq-holdout*.jsonl` and
 * `faq-dev-*.jsonl` (tuning on them is allowed; `--set <file>` measures one of them). `--frozen-4`
 * measures ONLY `faq-frozen-4.jsonl`, the frozen held-out set: it is run once, at the end of its
 * round (see test/eval/README.md; the earlier frozen sets, each measured once, are now
 * `faq-dev-1.jsonl`, `faq-dev-4.jsonl` and `faq-dev-6.jsonl`). `--misses` lists the combined model's misses (never
 * use it with a frozen set). `--no-peer` skips NLP.js (slow to train).
 * Exits 1 when the combined model misses a target.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { LANGUAGES, isLanguage, type Language } from '../../src/core/types.js';
import { readExampleFolder } from '../../src/faq/example-loader.js';
import { FaqMatcher, type MatchResult } from '../../src/faq/faq-matcher.js';
import type { FaqSearchResult } from '../../src/faq/faq-search.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';
import { trainingTexts } from '../../src/faq/training-data.js';
import { NlpJsPeer } from './nlpjs-peer.js';

interface Question {
  text: string;
  lang: Language;
  topic: string | null;
}

/** What one system made of one message. */
interface Outcome {
  lang: Language | null;
  acted: string | null;
  shown: string[];
}

type Counts = { total: number; top1: number; top3: number; off: number; rejected: number; langTotal: number; langRight: number };

export const TARGETS = { top1: 0.95, top3: 0.99, rejection: 0.95, language: 0.98 };
const EVAL_DIR = fileURLToPath(new URL('.', import.meta.url));

export function readQuestionFile(file: string): Question[] {
  return readFileSync(join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (!line.trim()) return [];
      const raw = JSON.parse(line) as { text?: unknown; lang?: unknown; topic?: unknown };
      if (typeof raw.text !== 'string' || !isLanguage(raw.lang) || !(raw.topic === null || typeof raw.topic === 'string')) {
        throw new Error(`${file}:${index + 1}: expected {"text": string, "lang": "en|es|ar", "topic": string|null}`);
      }
      return [{ text: raw.text, lang: raw.lang, topic: raw.topic }];
    });
}

/**
 * The frozen held-out set, measured once with its own flag; never development data. Frozen sets
 * #1, #2 and #3 were measured once (rounds 1 to 3) and are now development data as
 * `faq-dev-1.jsonl`, `faq-dev-4.jsonl` and `faq-dev-6.jsonl`.
 */
export const FROZEN_FILES: Record<string, string> = { '--frozen-4': 'faq-frozen-4.jsonl' };

export function developmentFiles(): string[] {
  return readdirSync(EVAL_DIR).filter((name) => /^faq-(questions-|holdout|dev-).*\.jsonl$/.test(name)).sort();
}

export function outcomeOf(result: MatchResult | FaqSearchResult): Outcome {
  const clarify = 'clarify' in result ? result.clarify : undefined;
  const shown = clarify ?? [...new Set([...result.results, ...result.suggestions].map((hit) => hit.topic))].slice(0, 3);
  return { lang: result.lang, acted: result.results[0]?.topic ?? null, shown };
}

function emptyCounts(): Record<Language, Counts> {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, { total: 0, top1: 0, top3: 0, off: 0, rejected: 0, langTotal: 0, langRight: 0 }])) as Record<Language, Counts>;
}

export function tally(counts: Record<Language, Counts>, question: Question, outcome: Outcome): boolean {
  const row = counts[question.lang];
  row.langTotal += 1;
  if (outcome.lang === question.lang) row.langRight += 1;
  if (question.topic === null) {
    row.off += 1;
    if (outcome.acted === null) row.rejected += 1;
    return outcome.acted === null;
  }
  row.total += 1;
  if (outcome.acted === question.topic) row.top1 += 1;
  if (outcome.shown.includes(question.topic)) row.top3 += 1;
  return outcome.acted === question.topic;
}

const percent = (part: number, whole: number) => (whole === 0 ? '    -' : `${((100 * part) / whole).toFixed(1)}%`.padStart(6));

/** One table row per language; returns whether every figure meets its target. */
function printSystem(name: string, counts: Record<Language, Counts>): boolean {
  let pass = true;
  for (const lang of LANGUAGES) {
    const row = counts[lang];
    const figures: Array<[number, number, number]> = [
      [row.top1, row.total, TARGETS.top1],
      [row.top3, row.total, TARGETS.top3],
      [row.rejected, row.off, TARGETS.rejection],
      [row.langRight, row.langTotal, TARGETS.language],
    ];
    const cells = figures.map(([part, whole, target]) => {
      const ok = whole === 0 || part / whole >= target;
      pass &&= ok;
      return `${percent(part, whole)}${ok ? ' ' : '*'}`;
    });
    process.stdout.write(`${name.padEnd(12)} ${lang}  ${cells.join('   ')}   (${row.total} on topic, ${row.off} off-topic)\n`);
  }
  return pass;
}

async function main(): Promise<number> {
  const frozen = Object.entries(FROZEN_FILES)
    .filter(([flag]) => process.argv.includes(flag))
    .map(([, file]) => file);
  if (frozen.length > 0 && process.argv.includes('--misses')) {
    process.stderr.write('--misses is for development sets: a frozen set\'s misses are never listed\n');
    return 2;
  }
  if (frozen.length > 1) {
    process.stderr.write(`measure one frozen set at a time (${Object.keys(FROZEN_FILES).join(' or ')})\n`);
    return 2;
  }
  // `--set faq-dev-2.jsonl` measures one development file (never a frozen one).
  const setIndex = process.argv.indexOf('--set');
  const chosen = setIndex > 0 ? process.argv[setIndex + 1] : undefined;
  if (chosen && (Object.values(FROZEN_FILES).includes(chosen) || !developmentFiles().includes(chosen))) {
    process.stderr.write(`--set takes a development file (${developmentFiles().join(', ')})\n`);
    return 2;
  }
  const files = frozen.length === 1 ? frozen : chosen ? [chosen] : developmentFiles();
  const questions = files.flatMap(readQuestionFile);
  const dir = resolveFaqDir(loadConfig(process.env).faq.dir);
  const topics = loadTopics(dir);
  const { examples } = readExampleFolder(dir, new Set(topics.map((topic) => topic.id)));
  const started = performance.now();
  // Always trained here (no cache): the build time printed is a cold start.
  const matcher = await FaqMatcher.build(topics, examples, { cacheDir: null });
  const buildMs = performance.now() - started;
  const peer = process.argv.includes('--no-peer') ? undefined : await NlpJsPeer.train(trainingTexts(topics, examples));

  process.stdout.write(`FAQ evaluation on ${files.join(', ')}: ${questions.length} messages, ${topics.length} topics, ${examples.length} examples; index + model built in ${Math.round(buildMs)} ms\n`);
  process.stdout.write(`targets: top-1 ≥ 95%, top-3 ≥ 99%, off-topic rejection ≥ 95%, language ≥ 98% (* = below)\n\n`);
  process.stdout.write(`${'system'.padEnd(12)} lng   top-1     top-3     off-topic  language\n`);
  const combined = emptyCounts();
  const search = emptyCounts();
  const classifier = emptyCounts();
  const nlpjs = emptyCounts();
  const misses: string[] = [];
  for (const question of questions) {
    const result = matcher.match(question.text);
    if (!tally(combined, question, outcomeOf(result))) misses.push(`[${question.lang} ${question.topic ?? 'off-topic'}] "${question.text}" → ${result.results[0]?.topic ?? (result.clarify ? `ask ${result.clarify.join(' / ')}` : 'none')}; shown ${outcomeOf(result).shown.join(', ')}`);
    tally(search, question, outcomeOf(matcher.search.search(question.text)));
    tally(classifier, question, outcomeOf(matcher.classify(question.text)));
    if (peer) {
      const answer = await peer.classify(question.text);
      tally(nlpjs, question, { lang: answer.lang, acted: answer.topic, shown: answer.shown });
    }
  }
  const pass = printSystem('combined', combined);
  printSystem('search', search);
  printSystem('classifier', classifier);
  if (peer) printSystem('NLP.js', nlpjs);
  if (process.argv.includes('--misses')) process.stdout.write(`\nCombined model's misses:\n${misses.join('\n')}\n`);
  else process.stdout.write(`\n${misses.length} misses for the combined model (--misses lists them)\n`);
  return pass ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
