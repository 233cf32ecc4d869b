import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/core/language.js';
import { arabicSkeleton } from '../../src/faq/arabizi.js';
import { readExampleFolder, type LabelledExample } from '../../src/faq/example-loader.js';
import { FaqMatcher } from '../../src/faq/faq-matcher.js';
import { cachedClassifier } from '../../src/faq/model-cache.js';
import { TopicClassifier } from '../../src/faq/topic-classifier.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';
import type { FaqTopic } from '../../src/faq/topic-schema.js';
import { trainingTexts } from '../../src/faq/training-data.js';

let topics: FaqTopic[];
let examples: LabelledExample[];
let matcher: FaqMatcher;
const cacheDir = mkdtempSync(join(tmpdir(), 'lockcare-model-'));

beforeAll(async () => {
  const dir = resolveFaqDir('faq');
  topics = loadTopics(dir);
  examples = readExampleFolder(dir).examples;
  matcher = await FaqMatcher.build(topics, examples, { cacheDir });
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('Arabizi', () => {
  it.each([
    "el 2efl msh sha3'al",
    'elkart ma yefta7',
    'el bab mesh byefta7 w el card a7mar',
  ])('"%s" is detected as Arabic', (text) => {
    expect(detectLanguage(text)).toBe('ar');
  });

  it.each([
    ['the lock on the 3rd floor beeps at 5pm', 'en'],
    ['the cards are t5577 and the mp3 player in 1203 is broken', 'en'],
    ['la chapa de la 303 no abre', 'es'],
  ] as const)('"%s" stays %s (ordinals, times and model names are not Arabizi)', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('has the same consonant skeleton as the Arabic-script words', () => {
    expect(arabicSkeleton("el 2efl msh sha3'al")).toEqual(arabicSkeleton('القفل مش شغال'));
    expect(arabicSkeleton('elkart ma yefta7')).toEqual(arabicSkeleton('الكرت ما يفتح'));
  });

  it('finds the topic and answers in Arabic', () => {
    const result = matcher.match("el 2efl msh sha3'al khales, la nour wala sot");
    expect(result.lang).toBe('ar');
    expect(result.results[0]?.topic).toBe('lock-no-response');
  });
});

describe('the combined model', () => {
  it('acts on a paraphrase that shares few words with the keywords, with a calibrated confidence', () => {
    const result = matcher.match('guest in 402 left her room key in a taxi, can the old one still get in?');
    expect(result.results[0]?.topic).toBe('lost-guest-card');
    // Calibrated on the development sets: a topic the bot acts on is right with probability > 0.6.
    expect(result.results[0]!.score).toBeGreaterThan(0.6);
    expect(result.suggestions.every((hit) => hit.score >= 0 && hit.score <= 1)).toBe(true);
  });

  it.each(['the minibar fridge in 1203 stopped cooling overnight', 'el banco me bloqueó la tarjeta de crédito', 'المكيف في الغرفة يطلع هوا حار'])('rejects the off-topic "%s"', (text) => {
    expect(matcher.match(text).results).toEqual([]);
  });

  it('a two-word message about nothing gets the closest topics listed, not a question', () => {
    const result = matcher.match('purple banana');
    expect(result.results).toEqual([]);
    expect(result.clarify).toBeUndefined();
    expect(result.suggestions).toHaveLength(3);
  });

  it('asks between two close topics instead of guessing', () => {
    const result = matcher.match('power');
    expect(result.results).toEqual([]);
    expect(result.clarify).toHaveLength(2);
    expect(result.clarify).toContain('emergency-power');
  });
});

describe('the classifier', () => {
  it('trains the same model from the same content (seeded)', () => {
    const texts = trainingTexts(topics, examples.slice(0, 600));
    const first = TopicClassifier.train(texts, { epochs: 2 });
    const second = TopicClassifier.train(texts, { epochs: 2 });
    expect(first.predict('door stays red')).toEqual(second.predict('door stays red'));
  });

  it('is cached by content: the cached model predicts like the trained one, other content trains another', () => {
    const texts = trainingTexts(topics, examples.slice(0, 600));
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-cache-'));
    try {
      const trained = cachedClassifier(texts, dir);
      expect(readdirSync(dir)).toHaveLength(1);
      const loaded = cachedClassifier(texts, dir);
      expect(loaded.predict('la tarjeta da luz roja')).toEqual(trained.predict('la tarjeta da luz roja'));
      cachedClassifier(texts.slice(1), dir);
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
