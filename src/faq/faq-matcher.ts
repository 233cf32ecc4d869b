import { detectLanguage } from '../core/language.js';
import { LanguageModel } from '../core/language-model.js';
import type { Language } from '../core/types.js';
import { OFF_TOPIC, type LabelledExample } from './example-loader.js';
import { FaqSearch, type FaqSearchOptions, type FaqSearchResult, type SearchHit } from './faq-search.js';
import { cachedClassifier } from './model-cache.js';
import type { Prediction, TopicClassifier } from './topic-classifier.js';
import type { FaqTopic } from './topic-schema.js';
import { languageSamples, trainingTexts } from './training-data.js';

/**
 * The FAQ's understanding of a message: the trained classifier (`topic-classifier.ts`) and the
 * Orama search (`faq-search.ts`) combined. Topics are ranked by
 *   score = CLASSIFIER · p(topic) + SEARCH · search score + AGREEMENT · [search is confident in it];
 * whether the best one is right is then a calibrated probability (`ACCEPTANCE`, a logistic model
 * of the best score, its lead over the second, the off-topic probability, whether the search and
 * the classifier each put it first, the message's length and script). The bot acts on the best
 * topic when that probability passes `accept`; when it does not but the best two are close it asks
 * which one (`clarify`); otherwise it offers the three closest. Every number here was fitted by
 * `test/eval/faq-fit.ts` on the development sets (`faq-dev-*`, the spent frozen sets among them,
 * and the older `faq-questions-*` / `faq-holdout*`) — never on the frozen set.
 */

export const MATCH_WEIGHTS = { classifier: 1, search: 0.1, agreement: 0.2 } as const;
export const MATCH_THRESHOLDS = {
  /** P(best topic is right) needed to open it directly. */
  accept: 0.45,
  /** Off-topic probability above which the bot never acts. */
  offTopic: 0.7,
  /** When no topic is clear, two within this much of each other are "close"... (chosen, not fitted: the fit's top-3 counts two asked topics against three listed) */
  closeMargin: 0.05,
  /** ...and worth a clarifying question when both have at least this score. */
  clarifyFloor: 0.08,
  /** A one- or two-word message names an area worth asking about when its best topic scores this (chosen, not fitted). */
  shortArea: 0.5,
  /** Even when sure enough, two topics this close are a coin toss: ask rather than guess. */
  tie: 0,
  /** The classifier's own probability needed to act when it decides alone (`classify`, evaluation only). */
  classifierAct: 0.2,
} as const;

/** What the acceptance model reads of a message's best topic (see `acceptanceFeatures`). */
export const ACCEPTANCE_FEATURES = ['logit best', 'lead over second', 'log off-topic', 'search agrees', 'classifier agrees', 'log words', 'Arabizi', 'Arabic script'] as const;

/** Logistic model of P(best topic is right), one weight per `ACCEPTANCE_FEATURES` entry (Arabic script gets its own bias: the fit found Arabic messages as often right at lower scores). */
export const ACCEPTANCE = { weights: [0.68, 0.216, -0.305, 0.171, 0.797, 2.04, 1.732, 0.723], bias: -6.681 } as const;

/**
 * Platt scaling of the ranking score for the suggestions' scores (the probability that a topic
 * offered first is the right one); an acted-on topic's score is the acceptance probability.
 */
export const CALIBRATION = { slope: 4.1, intercept: -0.13 } as const;

export interface MatchResult extends FaqSearchResult {
  /** Two close topics to ask about ("the guest's card or the lock itself?"), best first. */
  clarify?: [string, string];
  /** The classifier's off-topic probability. */
  offTopic: number;
}

export class FaqMatcher {
  private constructor(
    readonly search: FaqSearch,
    readonly classifier: TopicClassifier,
    /** Which language a Latin-script message is in (English, Spanish, Arabizi), trained on the same content. */
    readonly languageModel: LanguageModel,
  ) {}

  /**
   * Build the search indexes and train (or load the cached) classifier; `cacheDir: null` always
   * trains (evaluation and the benchmark's cold figure).
   */
  static async build(topics: FaqTopic[], examples: readonly LabelledExample[], options: { cacheDir?: string | null } = {}): Promise<FaqMatcher> {
    const search = await FaqSearch.build(topics);
    const classifier = cachedClassifier(trainingTexts(topics, examples), options.cacheDir);
    return new FaqMatcher(search, classifier, LanguageModel.train(languageSamples(topics, examples)));
  }

  /** The language of a message: Arabic script, else the trained model (two words or more), else word evidence. */
  detect(text: string): Language | null {
    return detectLanguage(text, this.languageModel);
  }

  match(text: string, options: FaqSearchOptions = {}): MatchResult {
    const detected = options.lang ?? this.detect(text);
    const searched = this.search.search(text, { ...options, detected });
    const predictions = this.classifier.predict(text, detected ?? undefined);
    return combine(text, searched, predictions, { ...options, detected });
  }

  /** The classifier alone, in the same shape (evaluation). */
  classify(text: string): MatchResult {
    const detected = this.detect(text);
    const predictions = this.classifier.predict(text, detected ?? undefined);
    const offTopic = predictions.find((prediction) => prediction.label === OFF_TOPIC)?.probability ?? 0;
    const topics = predictions.filter((prediction) => prediction.label !== OFF_TOPIC).map(({ label, probability }) => ({ topic: label, score: round(probability) }));
    const confident = predictions[0]!.label !== OFF_TOPIC && predictions[0]!.probability >= MATCH_THRESHOLDS.classifierAct;
    return { lang: detected ?? 'en', results: confident ? [topics[0]!] : [], suggestions: topics.slice(0, 3), offTopic };
  }
}

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const wordCount = (text: string) => text.split(/[\s.,;:!?¿¡،؟]+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** Everything `combine` decides with: the weights, thresholds, acceptance model and calibration above. */
export interface MatchParameters {
  weights: { classifier: number; search: number; agreement: number };
  thresholds: { [K in keyof typeof MATCH_THRESHOLDS]: number };
  acceptance: { weights: readonly number[]; bias: number };
  calibration: { slope: number; intercept: number };
}

export const MATCH_PARAMETERS: MatchParameters = { weights: MATCH_WEIGHTS, thresholds: MATCH_THRESHOLDS, acceptance: ACCEPTANCE, calibration: CALIBRATION };

const logit = (value: number) => {
  const clamped = Math.min(0.999, Math.max(0.001, value));
  return Math.log(clamped / (1 - clamped));
};

/** The acceptance model's inputs for the best topic (order of `ACCEPTANCE_FEATURES`). */
export function acceptanceFeatures(input: { best: number; second: number; offTopic: number; searchAgrees: boolean; classifierAgrees: boolean; words: number; arabizi: boolean; arabicScript: boolean }): number[] {
  return [
    logit(input.best),
    logit(input.best) - logit(input.second),
    Math.log(input.offTopic + 1e-4),
    input.searchAgrees ? 1 : 0,
    input.classifierAgrees ? 1 : 0,
    Math.log(Math.max(1, input.words)),
    input.arabizi ? 1 : 0,
    input.arabicScript ? 1 : 0,
  ];
}

export function acceptanceProbability(features: readonly number[], model: MatchParameters['acceptance']): number {
  let sum = model.bias;
  for (let index = 0; index < features.length; index += 1) sum += features[index]! * (model.weights[index] ?? 0);
  return 1 / (1 + Math.exp(-sum));
}

/** The topics ranked by the weighted score, with what the decision reads besides (exported for `test/eval/faq-fit.ts`). */
export function rank(text: string, searched: FaqSearchResult, predictions: Prediction[], options: FaqSearchOptions, matchWeights: MatchParameters['weights']) {
  const lang: Language = options.lang ?? (options.detected !== undefined ? options.detected : detectLanguage(text)) ?? searched.lang;
  const arabicScript = ARABIC_SCRIPT.test(text);
  // Arabizi has no Arabic words for the search to find: the classifier decides alone.
  const alone = lang === 'ar' && !arabicScript;
  const weights = alone ? { classifier: 1, search: 0, agreement: 0 } : matchWeights;
  const searchScores = new Map<string, number>();
  for (const hit of [...searched.suggestions, ...searched.results]) searchScores.set(hit.topic, Math.max(searchScores.get(hit.topic) ?? 0, hit.score));
  const confidentInSearch = new Set(searched.results.map((hit) => hit.topic));
  let offTopic = 0;
  let classifierFirst: string | undefined;
  const scored: SearchHit[] = [];
  for (const { label, probability } of predictions) {
    if (label === OFF_TOPIC) {
      offTopic = probability;
      continue;
    }
    classifierFirst ??= label;
    const score =
      weights.classifier * probability + weights.search * (searchScores.get(label) ?? 0) + (confidentInSearch.has(label) ? weights.agreement : 0);
    scored.push({ topic: label, score: Math.min(1, score) });
  }
  scored.sort((a, b) => b.score - a.score);
  return { lang, alone, scored, offTopic, classifierFirst, confidentInSearch, words: wordCount(text), arabicScript };
}

/** The acceptance model's inputs for a ranked message's best topic (exported for `test/eval/faq-fit.ts`). */
export function rankedFeatures(ranked: ReturnType<typeof rank>): number[] | undefined {
  const [first, second] = ranked.scored;
  if (!first) return undefined;
  return acceptanceFeatures({
    best: first.score,
    second: second?.score ?? 0,
    offTopic: ranked.offTopic,
    searchAgrees: ranked.confidentInSearch.has(first.topic),
    classifierAgrees: ranked.classifierFirst === first.topic,
    words: ranked.words,
    arabizi: ranked.alone,
    arabicScript: ranked.arabicScript,
  });
}

/**
 * One message's decision from the search's result and the classifier's predictions (exported for
 * `test/eval/faq-fit.ts`, which fits the parameters on the development sets).
 */
export function combine(
  text: string,
  searched: FaqSearchResult,
  predictions: Prediction[],
  options: FaqSearchOptions,
  parameters: MatchParameters = MATCH_PARAMETERS,
): MatchResult {
  const { thresholds, calibration } = parameters;
  const ranked = rank(text, searched, predictions, options, parameters.weights);
  const { lang, alone, scored, offTopic, confidentInSearch, words } = ranked;
  const [first, second] = scored;
  const calibrated = (hit: SearchHit): SearchHit => ({ topic: hit.topic, score: round(1 / (1 + Math.exp(-(calibration.slope * hit.score + calibration.intercept)))) });
  const suggestions = scored.slice(0, 3).map(calibrated);
  if (!first || offTopic >= thresholds.offTopic) return { lang, results: [], suggestions, offTopic };
  const confidence = acceptanceProbability(rankedFeatures(ranked)!, parameters.acceptance);
  const gap = second === undefined ? 1 : first.score - second.score;
  // One or two words ("battery", "الباب") name an area, not a problem: the classifier's guess alone
  // is not enough to open a topic; the search must be confident in it too, else the bot asks.
  const short = !alone && words <= 2;
  const terse = short && !confidentInSearch.has(first.topic);
  if (confidence >= thresholds.accept && gap >= thresholds.tie && !terse) return { lang, results: [{ topic: first.topic, score: round(confidence) }], suggestions, offTopic };
  if (!second || second.score < thresholds.clarifyFloor) return { lang, results: [], suggestions, offTopic };
  // Ask rather than list: a coin toss between two topics, a terse message that names an area
  // ("power", "batería": its best topic scores well), or two close ones when the best is at least
  // half as likely as needed to act (not for a message about nothing: "purple banana").
  if (confidence >= thresholds.accept || (short && first.score >= thresholds.shortArea) || (gap < thresholds.closeMargin && confidence >= thresholds.accept / 2)) {
    return { lang, results: [], suggestions, offTopic, clarify: [first.topic, second.topic] };
  }
  return { lang, results: [], suggestions, offTopic };
}
