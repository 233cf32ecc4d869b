import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/types.js';
import { EXAMPLES_MAX, EXAMPLES_MIN, OFF_TOPIC, OFF_TOPIC_MAX, readExampleFolder } from '../../src/faq/example-loader.js';
import { lintTopicFolder, resolveFaqDir } from '../../src/faq/topic-loader.js';
import { REQUIRED_TOPIC_IDS } from '../../src/faq/topic-schema.js';
import { exampleOverlaps } from '../eval/faq-overlap.js';

const FAQ = resolveFaqDir('faq');
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('FAQ examples (faq/examples/)', () => {
  const { examples, problems } = readExampleFolder(FAQ, new Set(REQUIRED_TOPIC_IDS));

  it('are valid: schema, known topics, no duplicates', () => {
    expect(problems).toEqual([]);
  });

  it.each(REQUIRED_TOPIC_IDS)('%s has 40-60 examples in each language', (topic) => {
    for (const lang of LANGUAGES) {
      const count = examples.filter((example) => example.topic === topic && example.lang === lang).length;
      expect(count, `${topic} ${lang}`).toBeGreaterThanOrEqual(EXAMPLES_MIN);
      expect(count, `${topic} ${lang}`).toBeLessThanOrEqual(EXAMPLES_MAX);
    }
  });

  it('the shared off-topic set has 150-300 examples in each language', () => {
    for (const lang of LANGUAGES) {
      const count = examples.filter((example) => example.topic === OFF_TOPIC && example.lang === lang).length;
      expect(count, lang).toBeGreaterThanOrEqual(150);
      expect(count, lang).toBeLessThanOrEqual(OFF_TOPIC_MAX);
    }
  });

  it('include Arabizi (Arabic in Latin letters) among the Arabic examples', () => {
    const arabizi = examples.filter((example) => example.lang === 'ar' && /^[\x00-\x7f]+$/.test(example.text) && /[a-z][2357][a-z]?|[2357][a-z]/i.test(example.text));
    expect(arabizi.length).toBeGreaterThan(REQUIRED_TOPIC_IDS.length * 2);
  });

  it('share no 3-word run with any evaluation set, the frozen one included', () => {
    expect(exampleOverlaps(FAQ)).toEqual([]);
  });
});

describe('faq lint checks the examples', () => {
  function copyOfFaq(): string {
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-examples-'));
    temporary.push(dir);
    cpSync(FAQ, dir, { recursive: true });
    return dir;
  }

  it('reports too few examples, an unknown topic and a duplicate, naming the file', () => {
    const dir = copyOfFaq();
    const few = { topic: 'recycling', examples: { en: ['old locks, recycle?'], es: Array.from({ length: 40 }, (_, i) => `reciclar ${i}`), ar: Array.from({ length: 40 }, (_, i) => `تدوير ${i}`) } };
    writeFileSync(join(dir, 'examples', 'recycling.json'), JSON.stringify(few));
    const twice = Array.from({ length: 40 }, (_, i) => `example ${i}`);
    twice[1] = 'Example 0';
    mkdirSync(join(dir, 'examples'), { recursive: true });
    writeFileSync(join(dir, 'examples', 'no-such-topic.json'), JSON.stringify({ topic: 'no-such-topic', examples: { en: twice, es: twice, ar: twice } }));
    writeFileSync(join(dir, 'examples', 'mobile-key.json'), JSON.stringify({ topic: 'mobile-key', examples: { en: twice, es: twice.map((t) => `${t} es`), ar: twice.map((t) => `${t} ar`) } }));
    const problems = lintTopicFolder(dir).map(({ file, problem }) => `${file.split('/').slice(-2).join('/')}: ${problem}`);
    expect(problems).toContain('examples/recycling.json: examples.en: needs 40-60 examples');
    expect(problems).toContain('examples/no-such-topic.json: no topic "no-such-topic" (expected faq/no-such-topic.json)');
    expect(problems).toContain('examples/mobile-key.json: examples.en: "Example 0" is listed twice');
  });

  it('lets off-topic.json hold up to 300 per language, and no topic file more than 60', () => {
    const dir = copyOfFaq();
    const many = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);
    writeFileSync(join(dir, 'examples', 'off-topic.json'), JSON.stringify({ topic: 'off-topic', examples: { en: many('tv', 300), es: many('tele', 300), ar: many('تلفزيون', 301) } }));
    writeFileSync(join(dir, 'examples', 'recycling.json'), JSON.stringify({ topic: 'recycling', examples: { en: many('recycle', 61), es: many('reciclar', 60), ar: many('تدوير', 60) } }));
    const problems = lintTopicFolder(dir).map(({ file, problem }) => `${file.split('/').slice(-2).join('/')}: ${problem}`);
    expect(problems).toEqual(['examples/off-topic.json: examples.ar: needs 40-300 examples', 'examples/recycling.json: examples.en: needs 40-60 examples']);
  });

  it('passes the real content', () => {
    expect(lintTopicFolder(FAQ)).toEqual([]);
  });
});
