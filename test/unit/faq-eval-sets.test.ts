import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/types.js';
import { REQUIRED_TOPIC_IDS } from '../../src/faq/topic-schema.js';
import { FROZEN_FILES, developmentFiles, readQuestionFile } from '../eval/faq-eval.js';

const SETS = ['faq-frozen-4.jsonl', 'faq-dev-5.jsonl', 'faq-dev-6.jsonl', 'faq-dev-3.jsonl', 'faq-dev-4.jsonl', 'faq-dev-2.jsonl'];

describe('evaluation sets (test/eval)', () => {
  it('the development files include the spent frozen sets and the fresh ones, never the frozen set', () => {
    const files = developmentFiles();
    for (const file of ['faq-dev-1.jsonl', 'faq-dev-2.jsonl', 'faq-dev-3.jsonl', 'faq-dev-4.jsonl', 'faq-dev-5.jsonl', 'faq-dev-6.jsonl']) expect(files).toContain(file);
    for (const frozen of Object.values(FROZEN_FILES)) expect(files).not.toContain(frozen);
    expect(FROZEN_FILES).toEqual({ '--frozen-4': 'faq-frozen-4.jsonl' });
  });

  it.each(SETS)('%s has 2 messages per topic per language, ≥ 13 off-topic per language, known topics', (file) => {
    const questions = readQuestionFile(file);
    for (const topic of REQUIRED_TOPIC_IDS) {
      for (const lang of LANGUAGES) {
        expect(questions.filter((question) => question.topic === topic && question.lang === lang).length, `${topic} ${lang}`).toBe(2);
      }
    }
    for (const lang of LANGUAGES) expect(questions.filter((question) => question.topic === null && question.lang === lang).length).toBeGreaterThanOrEqual(13);
    const known = new Set<string | null>([...REQUIRED_TOPIC_IDS, null]);
    expect(questions.filter((question) => !known.has(question.topic))).toEqual([]);
  });

  it.each(SETS)('%s marks ≥ 20 Arabizi and ≥ 5 mixed-script Arabic messages, on Arabic only', (file) => {
    const url = new URL(`../eval/${file}`, import.meta.url);
    const rows = readFileSync(url, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { text: string; lang: string; script?: string });
    const arabizi = rows.filter((row) => row.script === 'arabizi');
    const mixed = rows.filter((row) => row.script === 'mixed');
    expect(rows.filter((row) => row.script !== undefined && !['arabizi', 'mixed'].includes(row.script))).toEqual([]);
    expect([...arabizi, ...mixed].filter((row) => row.lang !== 'ar')).toEqual([]);
    expect(arabizi.length).toBeGreaterThanOrEqual(20);
    // Latin letters (Maghrebi Arabizi borrows French words, accents and all), never Arabic ones.
    expect(arabizi.filter((row) => /[\u0600-\u06ff]/.test(row.text) || !/[a-z]/i.test(row.text))).toEqual([]);
    expect(mixed.length).toBeGreaterThanOrEqual(5);
    expect(mixed.filter((row) => !(/[\u0600-\u06ff]/.test(row.text) && /[a-z]{2,}/i.test(row.text)))).toEqual([]);
  });
});
