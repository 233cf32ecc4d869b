import type { Language } from '../core/types.js';
import type { Logger } from '../logger.js';
import { recordFaqSearch } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import { readExampleFolder } from './example-loader.js';
import { FaqGapStore } from './faq-gaps.js';

import type { LanguageModel } from '../core/language-model.js';
import { FaqMatcher, type MatchResult } from './faq-matcher.js';
import type { FaqSearchOptions } from './faq-search.js';
import type { GroundedAnswer, GroundedAnswerer } from './grounded-answers.js';
import type { TopicSuggester } from './llm-topic-suggester.js';
import { loadTopics, resolveFaqDir } from './topic-loader.js';
import { tokenizeForSearch } from './search-text.js';
import type { FaqTopic } from './topic-schema.js';

/** What the troubleshoot dialog keeps in a conversation's facts about unsure messages (see faq-gaps.ts). */
export { carriedGaps, GAPS_FACT } from './faq-gaps.js';

export type { FaqStep, FaqTopic } from './topic-schema.js';
export type { GroundedAnswer } from './grounded-answers.js';

/** What dialogs use of the FAQ (`ctx.services.faq`). */
export interface FaqService {
  readonly topics: ReadonlyMap<string, FaqTopic>;
  topic(id: string): FaqTopic | undefined;
  /**
   * Understand a message (classifier + search): `results` holds a confident match only,
   * `suggestions` the three closest, `clarify` two close topics worth asking about.
   */
  search(text: string, options?: FaqSearchOptions): MatchResult;
  /**
   * When search is not confident, ask the optional language model for one topic id. Resolves to
   * undefined when no model is configured, it answers "none" or an unknown id, or it fails.
   */
  suggestTopic(text: string, language: Language): Promise<string | undefined>;
  /**
   * A short answer to a question, written by the model only from these topics' content
   * (FAQ_ANSWERS=llm), checked before use. Undefined when off, when the question or the topics
   * are about warranty, money or periods, or when the answer was refused: walk the topic instead.
   */
  groundedAnswer(text: string, language: Language, topicIds: readonly string[]): Promise<GroundedAnswer | undefined>;
  /** The words search sees in a text (folded and stemmed), to match a typed answer against an option's label. */
  tokenize(text: string, language: Language): string[];
  /** Messages the bot was not sure about and the topic then picked (`lockcare faq gaps`). */
  readonly gaps: FaqGapStore;
  /** Which language a Latin-script message is in (English, Spanish, Arabizi), trained on the FAQ's content. */
  readonly languageModel: LanguageModel;
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
  /** Grounded answers (FAQ_ANSWERS=llm with a key); without one, `groundedAnswer` is always undefined. */
  answerer?: GroundedAnswerer;
  /** Where unsure messages are recorded (FAQ_GAPS_RETENTION_DAYS); without one nothing is recorded. */
  store?: Store;
  gapsRetentionMs?: number;
}

/** Load the topics (E_CONTENT on bad files) and examples, build the search indexes and train the classifier. */
export async function createFaqService(options: FaqServiceOptions): Promise<FaqService> {
  const started = performance.now();
  const dir = resolveFaqDir(options.dir);
  const list = loadTopics(dir);
  const topics = new Map(list.map((topic) => [topic.id, topic]));
  const { examples, problems } = readExampleFolder(dir, new Set(topics.keys()));
  if (problems.length > 0) options.logger.warn({ problems: problems.length }, 'FAQ examples with problems were skipped (run "lockcare faq lint")');
  const search = await FaqMatcher.build(list, examples);
  options.logger.info({ topics: topics.size, examples: examples.length, ms: Math.round(performance.now() - started) }, 'FAQ loaded, indexed and classifier trained');
  return {
    topics,
    topic: (id) => topics.get(id),
    tokenize: tokenizeForSearch,
    gaps: new FaqGapStore(options.store, options.gapsRetentionMs ?? 0),
    languageModel: search.languageModel,
    search: (text, searchOptions) => {
      const result = search.match(text, searchOptions);
      recordFaqSearch(result.results.length > 0);
      return result;
    },
    async suggestTopic(text, language) {
      if (!options.suggester) return undefined;
      const choices = list.map((topic) => ({ id: topic.id, title: topic.content[language].title }));
      return options.suggester.suggest(text, choices);
    },
    async groundedAnswer(text, language, topicIds) {
      if (!options.answerer) return undefined;
      const chosen = topicIds.map((id) => topics.get(id)).filter((topic): topic is FaqTopic => topic !== undefined);
      return options.answerer.answer(text, language, chosen, list);
    },
  };
}
