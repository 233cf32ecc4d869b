/**
 * The peer measured beside LockCare's own model in `npm run eval:faq`: NLP.js (`@nlpjs/nlp` with
 * its en/es/ar language packages, devDependencies), trained on exactly the classifier's training
 * data — every example message, title and keyword; off-topic examples as NLP.js's own "None"
 * intent. Its language guess is its own (`process` with no locale).
 */
import { containerBootstrap } from '@nlpjs/core';
import { LangAr } from '@nlpjs/lang-ar';
import { LangEn } from '@nlpjs/lang-en';
import { LangEs } from '@nlpjs/lang-es';
import { Nlp } from '@nlpjs/nlp';
import { isLanguage, type Language } from '../../src/core/types.js';
import { OFF_TOPIC } from '../../src/faq/example-loader.js';
import type { TrainingText } from '../../src/faq/topic-classifier.js';

export interface PeerResult {
  lang: Language | null;
  /** The intent NLP.js acts on ("None" = rejected). */
  topic: string | null;
  /** Its three best topic classifications. */
  shown: string[];
}

interface NlpResult {
  locale?: string;
  intent?: string;
  score?: number;
  classifications?: Array<{ intent: string; score: number }>;
}

interface NlpEngine {
  settings: Record<string, unknown>;
  addLanguage(locales: string[]): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(utterance: string): Promise<NlpResult>;
}

export class NlpJsPeer {
  private constructor(private readonly nlp: NlpEngine) {}

  static async train(texts: readonly TrainingText[]): Promise<NlpJsPeer> {
    const container = await containerBootstrap();
    container.use(Nlp);
    container.use(LangEn);
    container.use(LangEs);
    container.use(LangAr);
    const nlp = container.get('nlp') as NlpEngine;
    nlp.settings.autoSave = false;
    nlp.settings.log = false;
    nlp.addLanguage(['en', 'es', 'ar']);
    for (const text of texts) nlp.addDocument(text.lang ?? 'en', text.text, text.label === OFF_TOPIC ? 'None' : text.label);
    // NLP.js's neural trainer prints every epoch with console.log whatever its log setting; keep
    // the evaluation's table readable.
    const log = console.log;
    console.log = () => undefined;
    try {
      await nlp.train();
    } finally {
      console.log = log;
    }
    return new NlpJsPeer(nlp);
  }

  async classify(text: string): Promise<PeerResult> {
    const result = await this.nlp.process(text);
    const lang = isLanguage(result.locale) ? result.locale : null;
    const topic = result.intent && result.intent !== 'None' ? result.intent : null;
    const shown = (result.classifications ?? []).filter((item) => item.intent !== 'None').slice(0, 3).map((item) => item.intent);
    return { lang, topic, shown };
  }
}
