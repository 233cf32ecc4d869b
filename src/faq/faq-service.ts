import type { Language } from '../core/types.js';
import type { Logger } from '../logger.js';
import { FaqSearch, type FaqSearchOptions, type FaqSearchResult } from './faq-search.js';
import type { TopicSuggester } from './llm-topic-suggester.js';
import { loadTopics, resolveFaqDir } from './topic-loader.js';
import { tokenizeForSearch } from './search-text.js';
import type { FaqTopic } from './topic-schema.js';

export type { FaqStep, FaqTopic } from './topic-schema.js';

/** What dialogs use of the FAQ (`ctx.services.faq`). */
export interface FaqService {
  readonly topics: ReadonlyMap<string, FaqTopic>;
  topic(id: string): FaqTopic | undefined;
  /** Search the FAQ; `results` holds confident matches only, `suggestions` the three closest. */
  search(text: string, options?: FaqSearchOptions): FaqSearchResult;
  /**
   * When search is not confident, ask the optional language model for one topic id. Resolves to
   * undefined when no model is configured, it answers "none" or an unknown id, or it fails.
   */
  suggestTopic(text: string, language: Language): Promise<string | undefined>;
  /** The words search sees in a text (folded and stemmed), to match a typed answer against an option's label. */
  tokenize(text: string, language: Language): string[];
}

declare module '../core/dialog.js' {
  interface FeatureServices {
    faq: FaqService;
  }
}

export interface FaqServiceOptions {
  /** FAQ folder (FAQ_DIR), relative to the package root unless absolute. */
  dir: string;
  logger: Logger;
  suggester?: TopicSuggester;
}

/** Load the topics (E_CONTENT on bad files) and build the search indexes. */
export async function createFaqService(options: FaqServiceOptions): Promise<FaqService> {
  const started = performance.now();
  const list = loadTopics(resolveFaqDir(options.dir));
  const search = await FaqSearch.build(list);
  const topics = new Map(list.map((topic) => [topic.id, topic]));
  options.logger.info({ topics: topics.size, ms: Math.round(performance.now() - started) }, 'FAQ loaded and indexed');
  return {
    topics,
    topic: (id) => topics.get(id),
    search: (text, searchOptions) => search.search(text, searchOptions),
    tokenize: tokenizeForSearch,
    async suggestTopic(text, language) {
      if (!options.suggester) return undefined;
      const choices = list.map((topic) => ({ id: topic.id, title: topic.content[language].title }));
      return options.suggester.suggest(text, choices);
    },
  };
}
