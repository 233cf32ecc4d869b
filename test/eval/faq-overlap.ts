/**
 * `npx tsx test/eval/faq-overlap.ts <file.jsonl>`: lists every 3-word run (after normalisation)
 * that a question set shares with any other question file in test/eval, or with any topic's title
 * or keyword. A new held-out set must print nothing (exit 0); shared runs exit 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { normalizeText } from '../../src/core/normalize.js';
import { LANGUAGES } from '../../src/core/types.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

const EVAL_DIR = fileURLToPath(new URL('.', import.meta.url));

function trigrams(text: string): string[] {
  const words = normalizeText(text).split(' ').filter(Boolean);
  const runs: string[] = [];
  for (let index = 0; index + 3 <= words.length; index += 1) runs.push(words.slice(index, index + 3).join(' '));
  return runs;
}

function questionTexts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

function main(): number {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: faq-overlap.ts <file.jsonl>\n');
    return 2;
  }
  const seen = new Map<string, string>();
  const remember = (text: string, source: string) => trigrams(text).forEach((run) => seen.has(run) || seen.set(run, source));
  for (const name of readdirSync(EVAL_DIR).filter((file) => file.endsWith('.jsonl') && file !== basename(target))) {
    questionTexts(join(EVAL_DIR, name)).forEach((text) => remember(text, name));
  }
  for (const topic of loadTopics(resolveFaqDir(loadConfig(process.env).faq.dir))) {
    for (const language of LANGUAGES) {
      const content = topic.content[language];
      remember(content.title, `${topic.id} title`);
      content.keywords.forEach((keyword) => remember(keyword, `${topic.id} keyword`));
    }
  }
  let shared = 0;
  const own = new Map<string, string>();
  for (const text of questionTexts(target)) {
    for (const run of trigrams(text)) {
      const source = seen.get(run) ?? own.get(run);
      if (source) {
        shared += 1;
        process.stdout.write(`"${run}" in "${text}" (also in ${source})\n`);
      }
    }
    trigrams(text).forEach((run) => own.set(run, 'this file'));
  }
  return shared === 0 ? 0 : 1;
}

process.exitCode = main();
