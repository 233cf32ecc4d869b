import { detectLanguage } from '../core/language.js';
import type { Language } from '../core/types.js';
import { OFF_TOPIC, type LabelledExample } from './example-loader.js';
import { FaqSearch, type FaqSearchOptions, type FaqSearchResult, type SearchHit } from './faq-search.js';
import { cachedClassifier } from './model-cache.js';
import type { Prediction, TopicClassifier } from './topic-classifier.js';
import type { FaqTopic } from './topic-schema.js';
import { trainingTexts } from './training-data.js';

/**
 * The FAQ's understanding of a message: the trained classifier (`topic-classifier.ts`) and the
 * Orama search (`faq-search.ts`) combined into one confidence per topic,
 *   confidence = CLASSIFIER · p(topic) + SEARCH · search score + AGREEMENT · [search is confident in it],
 * The bot acts on the best topic when its confidence passes `act` and the classifier does not think
 * the message is off-topic; when no topic is clear but the best two are close it asks which one
 * (`clarify`); otherwise it offers the three closest. The weights, thresholds and calibration were
 * fitted by `test/eval/faq-fit.ts` (coordinate descent over top-1, top-3 and off-topic rejection)
 * on the fresh development sets `faq-dev-1` and `faq-dev-2`, whose wording the search's keywords
 * were never tuned on — never on the frozen set.
 */

export const MATCH_WEIGHTS = { classifier: 0.7, search: 0.15, agreement: 0.35 } as const;
export const MATCH_THRESHOLDS = {
  /** Confidence needed to open a topic directly. */
  act: 0.5,
  /** Off-topic probability above which the bot never acts. */
  offTopic: 0.1,
  /** When no topic is clear, two within this much of each other are "close"... */
  closeMargin: 0.05,
  /** ...and worth a clarifying question when both have at least this confidence. */
  clarifyFloor: 0.15,
  /** Even above `act`, two topics this close are a coin toss: ask rather than guess. */
  tie: 0.02,
  /** The classifier's own probability needed to act when it decides alone (Arabizi, `classify`). */
  classifierAct: 0.2,
} as const;

/**
 * Platt scaling of the combined score, fitted on the fresh development sets: the probability that
 * the best topic is the right one (0.3 → 0.76, 0.5 → 0.87, 0.7 → 0.94 there). Hit scores are
 * reported on this scale; the thresholds above are on the combined score.
 */
export const CALIBRATION = { slope: 3.86, intercept: -0.03 } as const;

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
  ) {}

  /**
   * Build the search indexes and train (or load the cached) classifier; `cacheDir: null` always
   * trains (evaluation and the benchmark's cold figure).
   */
  static async build(topics: FaqTopic[], examples: readonly LabelledExample[], options: { cacheDir?: string | null } = {}): Promise<FaqMatcher> {
    const search = await FaqSearch.build(topics);
    const classifier = cachedClassifier(trainingTexts(topics, examples), options.cacheDir);
    return new FaqMatcher(search, classifier);
  }

  match(text: string, options: FaqSearchOptions = {}): MatchResult {
    const searched = this.search.search(text, options);
    const predictions = this.classifier.predict(text);
    return combine(text, searched, predictions, options);
  }

  /** The classifier alone, in the same shape (evaluation). */
  classify(text: string): MatchResult {
    const predictions = this.classifier.predict(text);
    const offTopic = predictions.find((prediction) => prediction.label === OFF_TOPIC)?.probability ?? 0;
    const topics = predictions.filter((prediction) => prediction.label !== OFF_TOPIC).map(({ label, probability }) => ({ topic: label, score: round(probability) }));
    const confident = predictions[0]!.label !== OFF_TOPIC && predictions[0]!.probability >= MATCH_THRESHOLDS.classifierAct;
    return { lang: detectLanguage(text) ?? 'en', results: confident ? [topics[0]!] : [], suggestions: topics.slice(0, 3), offTopic };
  }
}

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const wordCount = (text: string) => text.split(/[\s.,;:!?¿¡،؟]+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** Everything `combine` decides with: the weights, thresholds and calibration above. */
export interface MatchParameters {
  weights: { classifier: number; search: number; agreement: number };
  thresholds: { [K in keyof typeof MATCH_THRESHOLDS]: number };
  calibration: { slope: number; intercept: number };
}

export const MATCH_PARAMETERS: MatchParameters = { weights: MATCH_WEIGHTS, thresholds: MATCH_THRESHOLDS, calibration: CALIBRATION };

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
  const lang: Language = options.lang ?? detectLanguage(text) ?? searched.lang;
  // Arabizi has no Arabic words for the search to find: the classifier decides alone.
  const alone = lang === 'ar' && !ARABIC_SCRIPT.test(text);
  const weights = alone ? { classifier: 1, search: 0, agreement: 0 } : parameters.weights;
  const act = alone ? thresholds.classifierAct : thresholds.act;
  const searchScores = new Map<string, number>();
  for (const hit of [...searched.suggestions, ...searched.results]) searchScores.set(hit.topic, Math.max(searchScores.get(hit.topic) ?? 0, hit.score));
  const confidentInSearch = new Set(searched.results.map((hit) => hit.topic));
  let offTopic = 0;
  const scored: SearchHit[] = [];
  for (const { label, probability } of predictions) {
    if (label === OFF_TOPIC) {
      offTopic = probability;
      continue;
    }
    const score =
      weights.classifier * probability + weights.search * (searchScores.get(label) ?? 0) + (confidentInSearch.has(label) ? weights.agreement : 0);
    scored.push({ topic: label, score: Math.min(1, score) });
  }
  scored.sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  // The classifier alone (Arabizi) already gives probabilities; the combined score is calibrated.
  const calibrated = (hit: SearchHit): SearchHit => (alone ? hit : { topic: hit.topic, score: round(1 / (1 + Math.exp(-(calibration.slope * hit.score + calibration.intercept)))) });
  const suggestions = scored.slice(0, 3).map(calibrated);
  if (!first || offTopic >= thresholds.offTopic) return { lang, results: [], suggestions, offTopic };
  const gap = second === undefined ? 1 : first.score - second.score;
  // One or two words ("battery", "الباب") name an area, not a problem: the classifier's guess alone
  // is not enough to open a topic; the search must be confident in it too, else the bot asks.
  const terse = !alone && wordCount(text) <= 2 && !confidentInSearch.has(first.topic);
  if (first.score >= act && gap >= thresholds.tie && !terse) return { lang, results: [calibrated(first)], suggestions, offTopic };
  if (first.score >= act) return { lang, results: [], suggestions, offTopic, clarify: [first.topic, second!.topic] };
  const close = second !== undefined && gap < thresholds.closeMargin;
  if (close && second.score >= thresholds.clarifyFloor) return { lang, results: [], suggestions, offTopic, clarify: [first.topic, second.topic] };
  return { lang, results: [], suggestions, offTopic };
}
