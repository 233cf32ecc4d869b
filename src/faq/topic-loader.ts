import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LockCareError } from '../errors.js';
import { readExampleFolder } from './example-loader.js';
import { checkStaffWarnings, checkTopicStructure } from './topic-checks.js';
import { describeIssues, REQUIRED_TOPIC_IDS, TopicSchema, type FaqTopic } from './topic-schema.js';

/** The repository root (where package.json lives), so `FAQ_DIR=faq` works from any cwd. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `FAQ_DIR` relative to the package root unless absolute. */
export function resolveFaqDir(dir = 'faq'): string {
  return isAbsolute(dir) ? dir : resolve(PACKAGE_ROOT, dir);
}

/** One problem found in a content file: printed as `<file>: <problem>`. */
export interface ContentProblem {
  file: string;
  problem: string;
}

export interface TopicFolder {
  topics: Array<{ file: string; topic: FaqTopic }>;
  problems: ContentProblem[];
}

function displayName(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}

/** Read and schema-check every `*.json` in a folder, collecting problems instead of stopping at the first. */
export function readTopicFolder(dir: string): TopicFolder {
  const folder = resolveFaqDir(dir);
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a directory');
    names = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    return { topics: [], problems: [{ file: displayName(folder), problem: `cannot read FAQ folder: ${(error as Error).message}` }] };
  }
  const topics: TopicFolder['topics'] = [];
  const problems: ContentProblem[] = [];
  for (const name of names) {
    const file = displayName(join(folder, name));
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    } catch (error) {
      problems.push({ file, problem: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    const parsed = TopicSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...describeIssues(parsed.error).map((problem) => ({ file, problem })));
      continue;
    }
    const expected = basename(name, '.json');
    if (parsed.data.id !== expected) {
      problems.push({ file, problem: `id "${parsed.data.id}" does not match the file name (expected "${expected}")` });
      continue;
    }
    topics.push({ file, topic: parsed.data });
  }
  return { topics, problems };
}

/** Every problem `lockcare faq lint` reports for a folder. */
export function lintTopicFolder(dir: string, options: { requiredIds?: readonly string[] } = {}): ContentProblem[] {
  const { topics, problems } = readTopicFolder(dir);
  const brokenFiles = new Set(problems.map((problem) => problem.file));
  for (const { file, topic } of topics) {
    for (const problem of [...checkTopicStructure(topic), ...checkStaffWarnings(topic)]) problems.push({ file, problem });
  }
  const present = new Set(topics.map(({ topic }) => topic.id));
  // Example messages (faq/examples/): schema, 40-60 per language, known topics, no duplicates.
  for (const { file, problem } of readExampleFolder(resolveFaqDir(dir), present).problems) problems.push({ file: displayName(file), problem });
  const folder = displayName(resolveFaqDir(dir));
  for (const id of options.requiredIds ?? REQUIRED_TOPIC_IDS) {
    // A file that exists but failed the schema is already reported under its own name.
    if (!present.has(id) && !brokenFiles.has(displayName(join(resolveFaqDir(dir), `${id}.json`)))) {
      problems.push({ file: folder, problem: `required topic "${id}" is missing (expected ${id}.json)` });
    }
  }
  return problems;
}

/**
 * Load the topics the bot runs on. Fails with E_CONTENT naming the file and the problem when a
 * file is not valid or its trees would break a walk (missing required topics are left to lint,
 * so a partial FAQ can still be served while content is written).
 */
export function loadTopics(dir: string): FaqTopic[] {
  const { topics, problems } = readTopicFolder(dir);
  for (const { file, topic } of topics) {
    for (const problem of checkTopicStructure(topic)) problems.push({ file, problem });
  }
  if (problems.length > 0) {
    const lines = problems.slice(0, 10).map(({ file, problem }) => `${file}: ${problem}`);
    const more = problems.length > 10 ? `\n(and ${problems.length - 10} more; run "lockcare faq lint")` : '';
    throw new LockCareError('E_CONTENT', `Invalid FAQ content:\n${lines.join('\n')}${more}`);
  }
  return topics.map(({ topic }) => topic);
}
