/**
 * Is a candidate topic good enough to act on? Orama's BM25 ranks topics but its scores are not
 * comparable between queries, so confidence is measured separately: how much of the message's
 * information (tokens weighted by how specific they are to one topic) the topic's title and
 * keywords account for. Words the FAQ has never seen ("weather", "book") count against it,
 * which is what keeps off-topic messages below the threshold.
 */

export interface TopicVocabulary {
  /** Tokens of the title and keywords. */
  strong: Set<string>;
  /** Tokens of the answer only. */
  weak: Set<string>;
  /** Each keyword's tokens, to recognise a whole keyword phrase in the message. */
  phrases: string[][];
}

export interface CandidateInput {
  tokens: string[];
  vocabulary: TopicVocabulary;
  documentFrequency: Map<string, number>;
  topicCount: number;
  /** Orama score / the best Orama score for this query (0..1). */
  relativeScore: number;
  /** Allow one edit between a message token and a topic token (the second pass). */
  fuzzy: boolean;
}

/** Below this the bot does not guess. */
export const CONFIDENCE_THRESHOLD = 0.55;
/** The matched words must carry at least this much information (one specific word, or two common ones). */
const MIN_MATCHED_INFORMATION = 1.2;
const WEAK_WEIGHT = 0.3;
const PHRASE_BONUS = 0.15;
/** A word the FAQ has never seen weighs like a fairly specific word. */
const UNKNOWN_WEIGHT_SHARE = 0.75;

function informationOf(token: string, input: CandidateInput): number {
  const df = input.documentFrequency.get(token) ?? 0;
  const max = Math.log(1 + input.topicCount);
  if (df === 0) return max * UNKNOWN_WEIGHT_SHARE;
  return Math.log(1 + input.topicCount / df);
}

/** True when `a` and `b` differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function matches(token: string, set: Set<string>, fuzzy: boolean): boolean {
  if (set.has(token)) return true;
  if (!fuzzy || token.length < 4) return false;
  for (const word of set) if (word.length >= 4 && withinOneEdit(token, word)) return true;
  return false;
}

export function scoreCandidate(input: CandidateInput): { score: number; confident: boolean } {
  let total = 0;
  let strong = 0;
  let weak = 0;
  for (const token of input.tokens) {
    const information = informationOf(token, input);
    total += information;
    if (matches(token, input.vocabulary.strong, input.fuzzy)) strong += information;
    else if (matches(token, input.vocabulary.weak, input.fuzzy)) weak += information;
  }
  if (total === 0) return { score: 0, confident: false };
  const present = new Set(input.tokens);
  const phrase = input.vocabulary.phrases.some((tokens) => tokens.length >= 2 && tokens.every((token) => present.has(token)));
  const coverage = (strong + WEAK_WEIGHT * weak) / total;
  const score = Math.min(1, coverage * (0.6 + 0.4 * input.relativeScore) + (phrase ? PHRASE_BONUS : 0));
  const confident = score >= CONFIDENCE_THRESHOLD && strong >= MIN_MATCHED_INFORMATION;
  return { score: Math.round(score * 1000) / 1000, confident };
}
