/**
 * `npx tsx test/eval/faq-fit.ts`: fits the combined model's weights and thresholds
 * (`MATCH_PARAMETERS` in src/faq/faq-matcher.ts) on the FRESH development sets — `faq-dev-1.jsonl`
 * (the first frozen set, measured once and spent) and `faq-dev-2.jsonl` — whose wording the
 * search's keywords were never tuned on. The older sets (`faq-questions-*`, `faq-holdout*`) are
 * printed beside them as a check, not fitted on: the keywords were tuned on them, so they flatter
 * the search. Never reads a frozen set.
 *
 * Coordinate descent over a small grid per parameter, objective = Σ over languages of
 * top-1 + ½·top-3 + off-topic rejection; top-1 and top-3 on the fresh sets, rejection on the
 * off-topic messages of every development set (the fresh sets have too few to fit on alone). It first fits on each fresh set and measures on the other
 * (how much the fit overfits), then fits on both and prints the parameters to paste.
 *
 *   npx tsx test/eval/faq-fit.ts [--epochs N] [--rate R]
 */
import { loadConfig } from '../../src/config.js';
import { LANGUAGES, type Language } from '../../src/core/types.js';
import { readExampleFolder } from '../../src/faq/example-loader.js';
import { combine, FaqMatcher, MATCH_PARAMETERS, rank, rankedFeatures, type MatchParameters } from '../../src/faq/faq-matcher.js';
import type { FaqSearchResult } from '../../src/faq/faq-search.js';
import type { Prediction } from '../../src/faq/topic-classifier.js';
import { TopicClassifier } from '../../src/faq/topic-classifier.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';
import { trainingTexts } from '../../src/faq/training-data.js';
import { developmentFiles, FROZEN_FILES, outcomeOf, readQuestionFile } from './faq-eval.js';

interface Case {
  file: string;
  text: string;
  lang: Language;
  topic: string | null;
  detected: Language | null;
  searched: FaqSearchResult;
  predictions: Prediction[];
}

const FRESH = ['faq-dev-1.jsonl', 'faq-dev-2.jsonl', 'faq-dev-3.jsonl', 'faq-dev-4.jsonl', 'faq-dev-5.jsonl', 'faq-dev-6.jsonl'];

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : undefined;
}

type Figures = Record<Language, { top1: number; top3: number; rejection: number }>;

function measure(cases: readonly Case[], parameters: MatchParameters): Figures {
  const counts = Object.fromEntries(LANGUAGES.map((lang) => [lang, { on: 0, top1: 0, top3: 0, off: 0, rejected: 0 }])) as Record<
    Language,
    { on: number; top1: number; top3: number; off: number; rejected: number }
  >;
  for (const item of cases) {
    const outcome = outcomeOf(combine(item.text, item.searched, item.predictions, { detected: item.detected }, parameters));
    const row = counts[item.lang];
    if (item.topic === null) {
      row.off += 1;
      if (outcome.acted === null) row.rejected += 1;
    } else {
      row.on += 1;
      if (outcome.acted === item.topic) row.top1 += 1;
      if (outcome.shown.includes(item.topic)) row.top3 += 1;
    }
  }
  return Object.fromEntries(
    LANGUAGES.map((lang) => {
      const row = counts[lang];
      return [lang, { top1: row.top1 / Math.max(1, row.on), top3: row.top3 / Math.max(1, row.on), rejection: row.rejected / Math.max(1, row.off) }];
    }),
  ) as Figures;
}

const objective = (figures: Figures) => LANGUAGES.reduce((sum, lang) => sum + figures[lang].top1 + 0.5 * figures[lang].top3 + figures[lang].rejection, 0);

/** Stage 1: how topics are ranked (weights of the classifier, the search and their agreement). */
const WEIGHT_GRID = {
  'weights.classifier': [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1],
  'weights.search': [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5],
  'weights.agreement': [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
} as const;

/** Stage 3: when to act, ask or list, once the acceptance model is fitted. */
const THRESHOLD_GRID = {
  'thresholds.accept': [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
  'thresholds.offTopic': [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
  'thresholds.tie': [0, 0.01, 0.02, 0.04],
} as const;
// closeMargin and clarifyFloor (when to ask between two topics instead of listing three) are a
// choice about the conversation, not fitted: top-3 counts the two topics of a question against the
// three of a list, so a fit would always prefer the list.

function withValue(parameters: MatchParameters, path: string, value: number): MatchParameters {
  const [group, key] = path.split('.') as ['weights' | 'thresholds', string];
  return { ...parameters, [group]: { ...parameters[group], [key]: value } } as MatchParameters;
}

/** Coordinate descent over a grid; ties keep the earlier (smaller-change) value. */
function descend(start: MatchParameters, grid: Record<string, readonly number[]>, score: (parameters: MatchParameters) => number): MatchParameters {
  let best = start;
  let bestScore = score(best);
  for (let pass = 0; pass < 4; pass += 1) {
    let improved = false;
    for (const [path, values] of Object.entries(grid)) {
      for (const value of values) {
        const candidate = withValue(best, path, value);
        const candidateScore = score(candidate);
        if (candidateScore > bestScore + 1e-9) {
          best = candidate;
          bestScore = candidateScore;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

/** Ranking quality: the labelled topic first (and, half as much, among the first three). */
function rankingScore(cases: readonly Case[], parameters: MatchParameters): number {
  let total = 0;
  for (const item of cases) {
    if (item.topic === null) continue;
    const { scored } = rank(item.text, item.searched, item.predictions, { detected: item.detected }, parameters.weights);
    if (scored[0]?.topic === item.topic) total += 1;
    if (scored.slice(0, 3).some((hit) => hit.topic === item.topic)) total += 0.5;
  }
  return total;
}

/**
 * Stage 2: the acceptance model, a logistic regression of "the best topic is the right one" (an
 * off-topic message's best topic never is) on `rankedFeatures`, by Newton's method with a small
 * ridge penalty so that a feature the data hardly moves stays near zero.
 */
function fitAcceptance(cases: readonly Case[], parameters: MatchParameters): MatchParameters['acceptance'] {
  const rows: Array<[number[], number]> = [];
  for (const item of cases) {
    const ranked = rank(item.text, item.searched, item.predictions, { detected: item.detected }, parameters.weights);
    const features = rankedFeatures(ranked);
    if (features) rows.push([[...features, 1], item.topic !== null && ranked.scored[0]!.topic === item.topic ? 1 : 0]);
  }
  const size = rows[0]![0].length;
  const weights = new Array<number>(size).fill(0);
  const ridge = 0.5;
  for (let step = 0; step < 30; step += 1) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (const [x, y] of rows) {
      const p = 1 / (1 + Math.exp(-x.reduce((sum, value, index) => sum + value * weights[index]!, 0)));
      for (let i = 0; i < size; i += 1) {
        gradient[i]! += (p - y) * x[i]!;
        for (let j = 0; j < size; j += 1) hessian[i]![j]! += p * (1 - p) * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < size - 1; i += 1) {
      gradient[i]! += ridge * weights[i]!;
      hessian[i]![i]! += ridge;
    }
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let i = 0; i < size; i += 1) {
      weights[i]! -= delta[i]!;
      change = Math.max(change, Math.abs(delta[i]!));
    }
    if (change < 1e-6) break;
  }
  const rounded = weights.map((value) => Math.round(value * 1000) / 1000);
  return { weights: rounded.slice(0, -1), bias: rounded.at(-1)! };
}

/** Solve A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, index) => [...row, vector[index]!]);
  for (let column = 0; column < n; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < n; row += 1) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < n; row += 1) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= n; k += 1) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k += 1) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

/**
 * The three stages on one selection of cases: ranking weights on its on-topic messages, the
 * acceptance model on all of them, then the thresholds on the objective.
 */
function fit(cases: readonly Case[], start: MatchParameters): MatchParameters {
  const weighted = descend(start, WEIGHT_GRID, (parameters) => rankingScore(cases, parameters));
  const accepted = { ...weighted, acceptance: fitAcceptance(cases, weighted) };
  return descend(accepted, THRESHOLD_GRID, (parameters) => objective(measure(cases, parameters)));
}

const format = (figures: Figures) =>
  LANGUAGES.map((lang) => `${lang} ${(100 * figures[lang].top1).toFixed(1)}/${(100 * figures[lang].top3).toFixed(1)}/${(100 * figures[lang].rejection).toFixed(1)}`).join('  ');

/**
 * Platt scaling of the combined score: P(best topic is right) = 1 / (1 + e^-(slope·score + intercept)),
 * fitted by gradient descent on the fresh sets' on-topic messages (uncalibrated best scores).
 */
function plattScaling(cases: readonly Case[], parameters: MatchParameters): { slope: number; intercept: number } {
  const raw = { ...parameters, calibration: { slope: 1, intercept: 0 } };
  const points: Array<[number, number]> = [];
  for (const item of cases) {
    // Arabizi is decided by the classifier alone, whose probabilities are not rescaled.
    if (item.topic === null || (item.lang === 'ar' && !/[\u0600-\u06FF]/.test(item.text))) continue;
    const result = combine(item.text, item.searched, item.predictions, { detected: item.detected }, raw);
    const best = result.suggestions[0];
    if (!best) continue;
    // Undo the identity calibration: score = sigmoid(raw) → raw = logit(score).
    const score = Math.log(best.score / (1 - best.score));
    if (!Number.isFinite(score)) continue;
    points.push([score, best.topic === item.topic ? 1 : 0]);
  }
  // Newton's method on the logistic log-likelihood (two parameters).
  let slope = 1;
  let intercept = 0;
  for (let step = 0; step < 50; step += 1) {
    let gs = 0, gi = 0, hss = 0, hsi = 0, hii = 0;
    for (const [x, y] of points) {
      const p = 1 / (1 + Math.exp(-(slope * x + intercept)));
      const w = p * (1 - p);
      gs += (p - y) * x;
      gi += p - y;
      hss += w * x * x;
      hsi += w * x;
      hii += w;
    }
    const det = hss * hii - hsi * hsi;
    if (Math.abs(det) < 1e-12) break;
    slope -= (hii * gs - hsi * gi) / det;
    intercept -= (hss * gi - hsi * gs) / det;
  }
  return { slope: Math.round(slope * 100) / 100, intercept: Math.round(intercept * 100) / 100 };
}

async function main(): Promise<void> {
  const files = developmentFiles();
  for (const frozen of Object.values(FROZEN_FILES)) if (files.includes(frozen)) throw new Error(`refusing to read the frozen set ${frozen}`);
  const dir = resolveFaqDir(loadConfig(process.env).faq.dir);
  const topics = loadTopics(dir);
  const { examples } = readExampleFolder(dir, new Set(topics.map((topic) => topic.id)));
  const epochs = argument('--epochs');
  const learningRate = argument('--rate');
  const started = performance.now();
  const matcher = await FaqMatcher.build(topics, examples, { cacheDir: null });
  const classifier =
    epochs !== undefined || learningRate !== undefined
      ? TopicClassifier.train(trainingTexts(topics, examples), { ...(epochs ? { epochs } : {}), ...(learningRate ? { learningRate } : {}) })
      : matcher.classifier;
  process.stdout.write(`built in ${Math.round(performance.now() - started)} ms\n`);
  const cases: Case[] = files.flatMap((file) =>
    readQuestionFile(file).map((question) => {
      // As FaqMatcher.match does: the trained language model's guess goes to the search and the classifier.
      const detected = matcher.detect(question.text);
      return { file, ...question, detected, searched: matcher.search.search(question.text, { detected }), predictions: classifier.predict(question.text, detected ?? undefined) };
    }),
  );
  const fresh = (file: string) => cases.filter((item) => item.file === file);
  const freshAll = cases.filter((item) => FRESH.includes(item.file));
  const older = cases.filter((item) => !FRESH.includes(item.file));
  const report = (label: string, parameters: MatchParameters) =>
    process.stdout.write(
      [...FRESH.map((file, index) => `${(index === 0 ? label : '').padEnd(26)} ${file.replace(/^faq-|\.jsonl$/g, '')} ${format(measure(fresh(file), parameters))}`), `${''.padEnd(26)} older ${format(measure(older, parameters))}`].join('\n') + '\n',
    );
  // The fresh sets hold only 14 off-topic messages per language (one is 7 points): rejection is
  // fitted on every development set's off-topic messages, accuracy on the fresh sets' on-topic ones.
  const olderOffTopic = older.filter((item) => item.topic === null);
  report('current parameters', MATCH_PARAMETERS);
  // Fitted on all fresh sets but one, measured on that one: how much a fit overfits.
  for (const file of FRESH) report(`fitted without ${file.replace(/^faq-|\.jsonl$/g, '')}`, fit([...freshAll.filter((item) => item.file !== file), ...olderOffTopic], MATCH_PARAMETERS));
  const final = fit([...freshAll, ...olderOffTopic], MATCH_PARAMETERS);
  report('fitted on all fresh sets', final);
  const calibration = plattScaling(freshAll, final);
  process.stdout.write(`\n${JSON.stringify({ weights: final.weights, thresholds: final.thresholds, acceptance: final.acceptance, calibration }, null, 2)}\n`);
}

await main();
