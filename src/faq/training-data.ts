import { LANGUAGES } from '../core/types.js';
import type { LabelledExample } from './example-loader.js';
import type { TrainingText } from './topic-classifier.js';
import type { FaqTopic } from './topic-schema.js';

/** Keywords are short phrases, not messages: they teach the vocabulary at a lower weight. */
const KEYWORD_WEIGHT = 0.5;

/** What the classifier trains on: every example message, and each topic's title and keywords. */
export function trainingTexts(topics: readonly FaqTopic[], examples: readonly LabelledExample[]): TrainingText[] {
  const texts: TrainingText[] = examples.map(({ text, lang, topic }) => ({ text, lang, label: topic }));
  for (const topic of topics) {
    for (const lang of LANGUAGES) {
      const content = topic.content[lang];
      texts.push({ text: content.title, lang, label: topic.id });
      for (const keyword of content.keywords) texts.push({ text: keyword, lang, label: topic.id, weight: KEYWORD_WEIGHT });
    }
  }
  return texts;
}
