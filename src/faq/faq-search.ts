import { create, insert, search as oramaSearch, type AnyOrama, type Results, type Tokenizer } from '@orama/orama';
import { detectLanguage } from '../core/language.js';
import { LANGUAGES, type Language } from '../core/types.js';
import { scoreCandidate, unionOfMatches, type CandidateScore, type TopicVocabulary } from './search-confidence.js';
import { createTokenRelatives, type TokenRelatives } from './token-relatives.js';
import { domainTokensOf, equipmentWordsOf, genericTokensOf, lockWordsOf, searchWords, stemWords, tokenizeForSearch } from './search-text.js';
import type { FaqTopic } from './topic-schema.js';

/**
 * FAQ search: one Orama index per language over each topic's title, answer and keywords
 * (keywords and title weigh more). Orama retrieves the candidate topics; `search-confidence.ts`
 * re-scores them and decides whether the best is good enough to act on. An exact pass runs first;
 * typo tolerance 1 runs only when the exact pass is not confident (it is several times slower).
 * Scores are this module's, in [0, 1]; Orama's BM25 score only picks the candidates.
 */

export interface SearchHit {
  topic: string;
  /** Score in [0, 1]; higher is better. */
  score: number;
}

export interface FaqSearchResult {
  /** The language searched (given, detected, or the one that matched best). */
  lang: Language;
  /** Confident matches only, best first (empty when the bot should not guess). */
  results: SearchHit[];
  /** The three closest topics even when nothing is confident (for "did you mean"). */
  suggestions: SearchHit[];
}

export interface FaqSearchOptions {
  /** Search only this language. */
  lang?: Language;
  /** Try this language first when the text's language is unclear (the conversation's language). */
  prefer?: Language;
  /** The text's language when the caller has detected it already (the matcher's trained model); else word evidence decides. */
  detected?: Language | null;
}

export type ExplainedCandidate = { topic: string; orama: number } & CandidateScore;

/** Field weights: keywords are the words people use, the title names the problem. */
const BOOST = { keywords: 3, title: 2, answer: 0.5 } as const;
const CANDIDATES = 12;

interface LanguageIndex {
  language: Language;
  db: AnyOrama;
  vocabulary: Map<string, TopicVocabulary>;
  relatives: TokenRelatives;
  /** Token → topics whose title or keywords contain it (candidates for the typo-tolerant pass). */
  topicsByToken: Map<string, string[]>;
  /** Other hotel equipment and lock-domain words (normalised words, not stems). */
  equipment: ReadonlySet<string>;
  lockWords: ReadonlySet<string>;
}

function createTokenizer(language: Language): Tokenizer {
  return {
    language: 'english',
    normalizationCache: new Map(),
    // Orama passes `prop` while indexing and none for a query; a query's tokens are counted once.
    tokenize: (raw: string, _language?: string, prop?: string) => {
      const tokens = tokenizeForSearch(raw, language);
      return prop ? tokens : [...new Set(tokens)];
    },
  };
}

async function buildLanguageIndex(topics: FaqTopic[], language: Language): Promise<LanguageIndex> {
  const db = create({
    schema: { title: 'string', answer: 'string', keywords: 'string' } as const,
    components: { tokenizer: createTokenizer(language) },
  });
  const generic = genericTokensOf(language);
  const tokenized = topics.map((topic) => {
    const content = topic.content[language];
    return {
      topic,
      domain: domainTokensOf(language, topic.id),
      phrases: [content.title, ...content.keywords].map((phrase) => [...new Set(tokenizeForSearch(phrase, language))]).filter((phrase) => phrase.length > 0),
      weak: new Set(tokenizeForSearch(content.answer, language)),
    };
  });
  const documentFrequency = new Map<string, number>();
  for (const { phrases, weak } of tokenized) {
    for (const token of new Set([...phrases.flat(), ...weak])) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  }
  const relatives = createTokenRelatives(documentFrequency, topics.length, generic);
  const vocabulary = new Map<string, TopicVocabulary>();
  for (const { topic, phrases, weak, domain } of tokenized) {
    const content = topic.content[language];
    await insert(db, { id: topic.id, title: content.title, answer: content.answer, keywords: content.keywords.join(' ; ') });
    const strong = new Map<string, number>();
    for (const phrase of phrases) for (const token of phrase) strong.set(token, (strong.get(token) ?? 0) + 1);
    vocabulary.set(topic.id, {
      strong,
      weak,
      domain,
      phrases: phrases.map((phrase) => {
        const tokens = phrase.map((token) => ({ token, information: relatives.information(token) }));
        return { tokens, weight: tokens.reduce((sum, item) => sum + item.information, 0) };
      }),
    });
  }
  const topicsByToken = new Map<string, string[]>();
  for (const [id, { strong }] of vocabulary) {
    for (const token of strong.keys()) topicsByToken.set(token, [...(topicsByToken.get(token) ?? []), id]);
  }
  return { language, db, vocabulary, relatives, topicsByToken, equipment: equipmentWordsOf(language), lockWords: lockWordsOf(language) };
}

export class FaqSearch {
  private constructor(private readonly indexes: Record<Language, LanguageIndex>) {}

  /** Build the three indexes from the loaded topics. */
  static async build(topics: FaqTopic[]): Promise<FaqSearch> {
    const indexes = {} as Record<Language, LanguageIndex>;
    for (const language of LANGUAGES) indexes[language] = await buildLanguageIndex(topics, language);
    return new FaqSearch(indexes);
  }

  search(text: string, options: FaqSearchOptions = {}): FaqSearchResult {
    if (options.lang) return this.searchLanguage(text, options.lang);
    // Arabizi is detected as Arabic (answered in Arabic) but has no Arabic words to search for.
    const detected = arabicOrLatin(text, options.detected !== undefined ? options.detected : detectLanguage(text));
    const first = detected ?? options.prefer ?? 'en';
    const firstResult = this.searchLanguage(text, first);
    if (firstResult.results.length > 0 || detected === 'ar') return firstResult;
    // The language is unclear (or the detected one found nothing): try every language, keep the best.
    let best = firstResult;
    for (const language of LANGUAGES) {
      if (language === first || (detected && language === 'ar')) continue;
      const result = this.searchLanguage(text, language);
      if (isBetter(result, best)) best = result;
    }
    return best;
  }

  /** Every candidate of one pass with the measurements behind its score (tuning, `eval:faq --explain`). */
  explain(text: string, language: Language, tolerance = 0): ExplainedCandidate[] {
    return this.candidates(this.indexes[language], text, tolerance);
  }

  private searchLanguage(text: string, language: Language): FaqSearchResult {
    const index = this.indexes[language];
    const exact = this.rank(index, text, 0);
    if (exact.results.length > 0) return { lang: language, ...exact };
    const fuzzy = this.rank(index, text, 1);
    if (fuzzy.results.length > 0) return { lang: language, ...fuzzy };
    return { lang: language, results: [], suggestions: exact.suggestions.length > 0 ? exact.suggestions : fuzzy.suggestions };
  }

  /**
   * Candidates of one pass. Exact pass: Orama's BM25 retrieval. Typo-tolerant pass: every topic
   * that has a word one edit away from a message word (Orama's own `tolerance` walks the whole
   * radix tree and costs about 2 ms a query; the FAQ's vocabulary is small enough to compare
   * against directly, with the result cached per word).
   */
  private candidates(index: LanguageIndex, text: string, tolerance: number): ExplainedCandidate[] {
    const plain = searchWords(text, index.language);
    const words = [...new Set(stemWords(plain, index.language))];
    if (words.length === 0) return [];
    const fuzzy = tolerance > 0;
    const tokens = words.map((token) => ({
      token,
      information: index.relatives.information(token),
      generic: index.relatives.isGeneric(token),
      matches: index.relatives.of(token, fuzzy),
    }));
    // Every topic whose title or keywords share a word with the message is a candidate: Orama's BM25
    // alone misses some (a word in most topics, like "card", gets a negative weight).
    const scores = new Map<string, number>();
    for (const { matches } of tokens) for (const token of matches) for (const id of index.topicsByToken.get(token) ?? []) scores.set(id, 0);
    if (!fuzzy) {
      const found = oramaSearch(index.db, { term: text, properties: ['keywords', 'title', 'answer'], boost: BOOST, limit: CANDIDATES });
      if (found instanceof Promise) throw new Error('Orama search unexpectedly asynchronous');
      for (const hit of (found as Results<{ id: string }>).hits) scores.set(hit.id, hit.score);
    }
    // Other hotel equipment ("curtain motor stuck", "tv remote doesn't work") with no lock word.
    const otherEquipment = plain.some((word) => index.equipment.has(word)) && !plain.some((word) => index.lockWords.has(word));
    const hits = [...scores].map(([id, score]) => ({ id, score }));
    const matchedTokens = unionOfMatches(tokens);
    return hits
      .map((hit) => ({ topic: hit.id, orama: hit.score, ...scoreCandidate({ tokens, vocabulary: index.vocabulary.get(hit.id)!, otherEquipment, matchedTokens }) }))
      .sort((a, b) => b.features.raw - a.features.raw);
  }

  private rank(index: LanguageIndex, text: string, tolerance: number): Omit<FaqSearchResult, 'lang'> {
    const scored = this.candidates(index, text, tolerance);
    const results = scored.filter((hit) => hit.confident).map(({ topic, score }) => ({ topic, score }));
    const suggestions = scored.slice(0, 3).map(({ topic, score }) => ({ topic, score }));
    return { results, suggestions };
  }
}

function arabicOrLatin(text: string, detected: Language | null): Language | null {
  return detected === 'ar' && !/[\u0600-\u06FF]/.test(text) ? null : detected;
}

function isBetter(candidate: FaqSearchResult, current: FaqSearchResult): boolean {
  const candidateTop = candidate.results[0]?.score ?? -1;
  const currentTop = current.results[0]?.score ?? -1;
  if (candidateTop !== currentTop) return candidateTop > currentTop;
  return (candidate.suggestions[0]?.score ?? -1) > (current.suggestions[0]?.score ?? -1);
}
