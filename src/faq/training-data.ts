import type { LanguageSample } from '../core/language-model.js';
import { LANGUAGES } from '../core/types.js';
import type { LabelledExample } from './example-loader.js';
import type { TrainingText } from './topic-classifier.js';
import type { FaqTopic } from './topic-schema.js';

/** Keywords are short phrases, not messages: they teach the vocabulary at a lower weight. */
const KEYWORD_WEIGHT = 0.5;
/** What the classifier trains on: every example message, and each topic's title and keywords. */
export function trainingTexts(topics: readonly FaqTopic[], examples: readonly LabelledExample[]): TrainingText[] {
  // Off-topic examples count like any other: there are 200+ per language, enough to weigh the words
  // that make a message off-topic (car, phone, bank) against the lock words they share.
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

/**
 * What the language model (`core/language-model.ts`) learns English, Spanish and Arabizi from:
 * every example message and each topic's title and keywords, labelled with their language
 * (Arabic-script texts are skipped by the model: the script decides). The answers are left out:
 * written prose, long, and they teach it nothing the examples do not (measured: same accuracy).
 */
export function languageSamples(topics: readonly FaqTopic[], examples: readonly LabelledExample[]): LanguageSample[] {
  const samples: LanguageSample[] = examples.map(({ text, lang }) => ({ text, lang }));
  for (const topic of topics) {
    for (const lang of LANGUAGES) {
      const content = topic.content[lang];
      samples.push({ text: content.title, lang }, ...content.keywords.map((keyword) => ({ text: keyword, lang })));
    }
  }
  return samples;
}
