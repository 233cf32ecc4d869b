import { create, insert, search as oramaSearch, type AnyOrama, type Results, type Tokenizer } from '@orama/orama';
import { detectLanguage } from '../core/language.js';
import { LANGUAGES, type Language } from '../core/types.js';
import { scoreCandidate, type TopicVocabulary } from './search-confidence.js';
import { tokenizeForSearch } from './search-text.js';
import type { FaqTopic } from './topic-schema.js';

/**
 * FAQ search: one Orama index per language over each topic's title, answer and keywords
 * (keywords and title weigh more). Orama ranks candidates; `search-confidence.ts` decides whether
 * the best one is good enough to act on. An exact pass runs first; typo tolerance 1 runs only when
 * the exact pass is not confident (it is several times slower).
 */

export interface SearchHit {
  topic: string;
  /** Confidence-weighted score in [0, 1]; higher is better. */
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
}

/** Field weights: keywords are the words people use, the title names the problem. */
const BOOST = { keywords: 3, title: 2, answer: 0.5 } as const;
const CANDIDATES = 8;

interface LanguageIndex {
  db: AnyOrama;
  vocabulary: Map<string, TopicVocabulary>;
  documentFrequency: Map<string, number>;
  topicCount: number;
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
  const vocabulary = new Map<string, TopicVocabulary>();
  const documentFrequency = new Map<string, number>();
  for (const topic of topics) {
    const content = topic.content[language];
    const keywords = content.keywords.join(' ; ');
    await insert(db, { id: topic.id, title: content.title, answer: content.answer, keywords });
    const strong = new Set([...tokenizeForSearch(content.title, language), ...tokenizeForSearch(keywords, language)]);
    const weak = new Set(tokenizeForSearch(content.answer, language));
    vocabulary.set(topic.id, { strong, weak, phrases: content.keywords.map((keyword) => [...new Set(tokenizeForSearch(keyword, language))]) });
    for (const token of new Set([...strong, ...weak])) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  }
  return { db, vocabulary, documentFrequency, topicCount: topics.length };
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
    const detected = detectLanguage(text);
    const first = detected ?? options.prefer ?? 'en';
    const firstResult = this.searchLanguage(text, first);
    if (firstResult.results.length > 0 || detected === 'ar') return firstResult;
    // The language is unclear (or the detected one found nothing): try every language, keep the best.
    let best = firstResult;
    for (const language of LANGUAGES) {
      if (language === first) continue;
      const result = this.searchLanguage(text, language);
      if (isBetter(result, best)) best = result;
    }
    return best;
  }

  private searchLanguage(text: string, language: Language): FaqSearchResult {
    const index = this.indexes[language];
    const tokens = [...new Set(tokenizeForSearch(text, language))];
    if (tokens.length === 0) return { lang: language, results: [], suggestions: [] };
    const exact = this.rank(index, text, tokens, 0);
    if (exact.results.length > 0) return { lang: language, ...exact };
    const fuzzy = this.rank(index, text, tokens, 1);
    if (fuzzy.results.length > 0) return { lang: language, ...fuzzy };
    return { lang: language, results: [], suggestions: exact.suggestions.length > 0 ? exact.suggestions : fuzzy.suggestions };
  }

  private rank(index: LanguageIndex, text: string, tokens: string[], tolerance: number): Omit<FaqSearchResult, 'lang'> {
    const found = oramaSearch(index.db, {
      term: text,
      properties: ['keywords', 'title', 'answer'],
      boost: BOOST,
      tolerance,
      limit: CANDIDATES,
    });
    if (found instanceof Promise) throw new Error('Orama search unexpectedly asynchronous');
    const hits = (found as Results<{ id: string }>).hits;
    if (hits.length === 0) return { results: [], suggestions: [] };
    const top = hits[0]!.score;
    const scored = hits
      .map((hit) => {
        const vocabulary = index.vocabulary.get(hit.id)!;
        const { score, confident } = scoreCandidate({
          tokens,
          vocabulary,
          documentFrequency: index.documentFrequency,
          topicCount: index.topicCount,
          relativeScore: top > 0 ? hit.score / top : 0,
          fuzzy: tolerance > 0,
        });
        return { topic: hit.id, score, confident };
      })
      .sort((a, b) => b.score - a.score);
    const results = scored.filter((hit) => hit.confident).map(({ topic, score }) => ({ topic, score }));
    const suggestions = scored.slice(0, 3).map(({ topic, score }) => ({ topic, score }));
    return { results, suggestions };
  }
}

function isBetter(candidate: FaqSearchResult, current: FaqSearchResult): boolean {
  const candidateTop = candidate.results[0]?.score ?? -1;
  const currentTop = current.results[0]?.score ?? -1;
  if (candidateTop !== currentTop) return candidateTop > currentTop;
  return (candidate.suggestions[0]?.score ?? -1) > (current.suggestions[0]?.score ?? -1);
}
