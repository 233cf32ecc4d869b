/**
 * How well does a topic fit a message, and is that good enough to act on? Orama's BM25 finds the
 * candidate topics, but its scores are not comparable between queries (and it ranks long keyword
 * lists poorly), so each candidate is scored here on two things:
 * - coverage: how much of the message's information (each token weighted by how specific it is
 *   to one topic) the topic's title and keywords account for. Words the FAQ has never seen
 *   ("weather", "book") count against it; that keeps off-topic messages low.
 * - nearest phrase: the cosine similarity between the message and the topic's closest keyword
 *   phrase (people's phrasings of the same problem).
 * The bot acts only when the score passes the threshold AND at least two of the message's words
 * match (generic ones count half) AND one of them is a lock-support word (an anchor), so one shared
 * generic word ("time", "price") never decides a topic on its own.
 * A policy topic's `domain` words are generic words that are its own subject ("hours" for support
 * hours, "pay" for paid service, "come" for a technician's visit): for that topic they count in
 * full, and two of them stand in for the anchor when every word of the message matches the topic
 * ("anyone there at 3am?").
 * A message about other hotel equipment or facilities (window, curtain, TV, breakfast room...) with
 * no lock word is never confident: it shares words like "stuck", "open" or "what time" with lock
 * topics but is not about a lock.
 */

export interface TopicPhrase {
  tokens: ReadonlyArray<{ token: string; information: number }>;
  /** Sum of the tokens' information. */
  weight: number;
}

export interface TopicVocabulary {
  /** Tokens of the title and keywords, with how many phrases contain each (centrality). */
  strong: Map<string, number>;
  /** Tokens of the answer only. */
  weak: Set<string>;
  /** The title and each keyword, tokenised. */
  phrases: TopicPhrase[];
  /** Generic tokens that are this topic's own subject (policy topics): they count in full here. */
  domain?: ReadonlySet<string>;
}

export interface CandidateInput {
  /** The message's tokens, each with the vocabulary tokens it matches (itself, or prefix relatives). */
  tokens: ReadonlyArray<{ token: string; information: number; generic: boolean; matches: ReadonlySet<string> }>;
  vocabulary: TopicVocabulary;
  /** The message names other hotel equipment (window, TV, safe...) and no lock word. */
  otherEquipment?: boolean;
  /** Every vocabulary token some message token matches (the union of `tokens[].matches`); computed when absent. */
  matchedTokens?: ReadonlySet<string>;
}

/** The union of the message tokens' matches: compute it once per message, not once per topic. */
export function unionOfMatches(tokens: CandidateInput['tokens']): Set<string> {
  const union = new Set<string>();
  for (const { matches } of tokens) for (const token of matches) union.add(token);
  return union;
}

export interface CandidateScore {
  score: number;
  confident: boolean;
  /** The measurements behind the score (tuning, `eval:faq --explain`). */
  features: { coverage: number; phrase: number; matched: number; anchors: number; domain: number; unmatched: number; raw: number; otherEquipment: boolean };
}

/** Below this the bot does not guess. */
export const CONFIDENCE_THRESHOLD = 0.4;
const COVERAGE_SHARE = 0.4;
const WEAK_WEIGHT = 0.3;
const CENTRALITY = 0.3;
/** A matched generic word counts this much towards the two matched words a confident match needs. */
const GENERIC_MATCH = 0.5;
/** This many of a topic's own subject words, and no other word, make a match without a lock word. */
const DOMAIN_ONLY = 2;

function matchesAny(matches: ReadonlySet<string>, has: (token: string) => boolean): boolean {
  for (const candidate of matches) if (has(candidate)) return true;
  return false;
}

export function scoreCandidate(input: CandidateInput): CandidateScore {
  const { vocabulary } = input;
  const otherEquipment = input.otherEquipment ?? false;
  const domain = vocabulary.domain;
  let total = 0;
  let strong = 0;
  let weak = 0;
  let matched = 0;
  let anchors = 0;
  let domainHits = 0;
  let unmatched = 0;
  for (const { information, generic, matches } of input.tokens) {
    total += information;
    let count = 0;
    for (const candidate of matches) count = Math.max(count, vocabulary.strong.get(candidate) ?? 0);
    if (count > 0) {
      strong += information * (1 + CENTRALITY * Math.log(1 + count));
      const ownSubject = generic && domain !== undefined && matchesAny(matches, (token) => domain.has(token));
      matched += !generic || ownSubject ? 1 : GENERIC_MATCH;
      if (!generic) anchors += 1;
      if (ownSubject) domainHits += 1;
    } else {
      unmatched += 1;
      if (matchesAny(matches, (token) => vocabulary.weak.has(token))) weak += information;
    }
  }
  if (total === 0) return { score: 0, confident: false, features: { coverage: 0, phrase: 0, matched, anchors, domain: domainHits, unmatched, raw: 0, otherEquipment } };
  const coverage = (strong + WEAK_WEIGHT * weak) / total;

  let phrase = 0;
  const matchedTokens = input.matchedTokens ?? unionOfMatches(input.tokens);
  for (const candidate of vocabulary.phrases) {
    let shared = 0;
    for (const { token, information } of candidate.tokens) {
      if (matchedTokens.has(token)) shared += information;
    }
    if (shared > 0) phrase = Math.max(phrase, shared / Math.sqrt(candidate.weight * total));
  }

  const raw = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * phrase;
  const score = Math.round(Math.min(1, raw) * 1000) / 1000;
  // At least two matched words, one of them an anchor (or two of the topic's own subject words and
  // nothing else); never a message about other equipment.
  const anchored = anchors >= 1 || (domainHits >= DOMAIN_ONLY && unmatched === 0);
  const confident = raw >= CONFIDENCE_THRESHOLD && matched >= 2 && anchored && !otherEquipment;
  return { score, confident, features: { coverage, phrase, matched, anchors, domain: domainHits, unmatched, raw, otherEquipment } };
}
