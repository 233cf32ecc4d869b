import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../core/types.js';
import { describeIssues } from './topic-schema.js';

/**
 * Example messages as content (`faq/examples/<topic-id>.json`, plus `off-topic.json`): the way
 * customers write about each topic, per language. The topic classifier trains on them; they never
 * appear in an answer. Kept beside the topic files so a content editor can add examples without
 * touching a topic's answer or tree. `lockcare faq lint` checks them with the topics.
 */

export const OFF_TOPIC = 'off-topic';
export const EXAMPLES_MIN = 40;
export const EXAMPLES_MAX = 60;
/**
 * The shared off-topic set may be larger: everything that is not a lock question is one class,
 * and the more kinds of other equipment, cars, phones and bank cards it shows, the fewer of them
 * the bot takes for a lock problem.
 */
export const OFF_TOPIC_MAX = 300;

const exampleList = (max: number) =>
  z
    .array(z.string().trim().min(1, 'an example must not be empty').max(400, 'an example is at most 400 characters'))
    .min(EXAMPLES_MIN, `needs ${EXAMPLES_MIN}-${max} examples`)
    .max(max, `needs ${EXAMPLES_MIN}-${max} examples`);

const examplesFor = (max: number) => z.strictObject({ en: exampleList(max), es: exampleList(max), ar: exampleList(max) });

export const ExampleFileSchema = z.strictObject({
  topic: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a topic id'),
  examples: examplesFor(EXAMPLES_MAX),
});

/** `off-topic.json`: the same shape, up to OFF_TOPIC_MAX per language. */
const OffTopicFileSchema = ExampleFileSchema.extend({ examples: examplesFor(OFF_TOPIC_MAX) });

export type ExampleFile = z.infer<typeof ExampleFileSchema>;

export interface LabelledExample {
  text: string;
  lang: Language;
  /** A topic id, or `off-topic`. */
  topic: string;
}

export interface ExampleFolder {
  examples: LabelledExample[];
  problems: Array<{ file: string; problem: string }>;
}

/** The examples folder of an FAQ folder. */
export function examplesDir(faqDir: string): string {
  return join(faqDir, 'examples');
}

/**
 * Read every example file; `knownTopics` (when given) flags examples for a topic that does not
 * exist. A missing folder is no problem (the classifier then trains on titles and keywords only).
 */
export function readExampleFolder(faqDir: string, knownTopics?: ReadonlySet<string>): ExampleFolder {
  const dir = examplesDir(faqDir);
  const result: ExampleFolder = { examples: [], problems: [] };
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return result;
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return result;
  }
  for (const name of names) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      result.problems.push({ file, problem: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    const parsed = (basename(name, '.json') === OFF_TOPIC ? OffTopicFileSchema : ExampleFileSchema).safeParse(raw);
    if (!parsed.success) {
      result.problems.push(...describeIssues(parsed.error).map((problem) => ({ file, problem })));
      continue;
    }
    const { topic, examples } = parsed.data;
    if (topic !== basename(name, '.json')) {
      result.problems.push({ file, problem: `topic "${topic}" does not match the file name` });
      continue;
    }
    if (knownTopics && topic !== OFF_TOPIC && !knownTopics.has(topic)) {
      result.problems.push({ file, problem: `no topic "${topic}" (expected faq/${topic}.json)` });
      continue;
    }
    for (const lang of LANGUAGES) {
      const seen = new Set<string>();
      for (const text of examples[lang]) {
        const key = text.toLowerCase();
        if (seen.has(key)) result.problems.push({ file, problem: `examples.${lang}: "${text}" is listed twice` });
        seen.add(key);
        result.examples.push({ text, lang, topic });
      }
    }
  }
  return result;
}
