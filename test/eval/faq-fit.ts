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
import { combine, FaqMatcher, MATCH_PARAMETERS, type MatchParameters } from '../../src/faq/faq-matcher.js';
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
  searched: FaqSearchResult;
  predictions: Prediction[];
}

const FRESH = ['faq-dev-1.jsonl', 'faq-dev-2.jsonl'];

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
    const outcome = outcomeOf(combine(item.text, item.searched, item.predictions, {}, parameters));
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

const GRID = {
  'weights.classifier': [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1],
  'weights.search': [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5],
  'weights.agreement': [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
  'thresholds.act': [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
  'thresholds.offTopic': [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6],
  'thresholds.tie': [0, 0.01, 0.02, 0.04, 0.06],
  'thresholds.closeMargin': [0.02, 0.05, 0.08, 0.12],
  'thresholds.clarifyFloor': [0.1, 0.15, 0.2, 0.3],
  'thresholds.classifierAct': [0.2, 0.25, 0.3, 0.35, 0.4, 0.5],
} as const;

function withValue(parameters: MatchParameters, path: string, value: number): MatchParameters {
  const [group, key] = path.split('.') as ['weights' | 'thresholds', string];
  return { ...parameters, [group]: { ...parameters[group], [key]: value } } as MatchParameters;
}

function fit(cases: readonly Case[], start: MatchParameters): MatchParameters {
  let best = start;
  let bestScore = objective(measure(cases, best));
  for (let pass = 0; pass < 4; pass += 1) {
    let improved = false;
    for (const [path, values] of Object.entries(GRID)) {
      for (const value of values) {
        const candidate = withValue(best, path, value);
        const score = objective(measure(cases, candidate));
        // Ties keep the earlier (smaller-change) value: only a real gain moves a parameter.
        if (score > bestScore + 1e-9) {
          best = candidate;
          bestScore = score;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
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
    const result = combine(item.text, item.searched, item.predictions, {}, raw);
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
    readQuestionFile(file).map((question) => ({ file, ...question, searched: matcher.search.search(question.text), predictions: classifier.predict(question.text) })),
  );
  const fresh = (file: string) => cases.filter((item) => item.file === file);
  const freshAll = cases.filter((item) => FRESH.includes(item.file));
  const older = cases.filter((item) => !FRESH.includes(item.file));
  const report = (label: string, parameters: MatchParameters) =>
    process.stdout.write(
      `${label.padEnd(26)} dev-1 ${format(measure(fresh(FRESH[0]!), parameters))}\n${''.padEnd(26)} dev-2 ${format(measure(fresh(FRESH[1]!), parameters))}\n${''.padEnd(26)} older ${format(measure(older, parameters))}\n`,
    );
  // The fresh sets hold only 12–14 off-topic messages per language (one is 7 points): rejection is
  // fitted on every development set's off-topic messages, accuracy on the fresh sets' on-topic ones.
  const olderOffTopic = older.filter((item) => item.topic === null);
  report('current parameters', MATCH_PARAMETERS);
  for (const file of FRESH) report(`fitted on ${file}`, fit([...fresh(file), ...olderOffTopic], MATCH_PARAMETERS));
  const final = fit([...freshAll, ...olderOffTopic], MATCH_PARAMETERS);
  report('fitted on both fresh sets', final);
  const calibration = plattScaling(freshAll, final);
  process.stdout.write(`\n${JSON.stringify({ weights: final.weights, thresholds: final.thresholds, calibration }, null, 2)}\n`);
}

await main();
