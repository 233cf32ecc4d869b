import { createInterface } from 'node:readline';
import { loadConfig } from '../../config.js';
import { isLanguage, type Language } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import { FaqSearch, type FaqSearchResult } from '../../faq/faq-search.js';
import { lintTopicFolder, loadTopics, resolveFaqDir } from '../../faq/topic-loader.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage:
  lockcare faq lint [--dir <folder>]
  lockcare faq search "<text>" [--lang en|es|ar] [--json] [--dir <folder>]
  lockcare faq search [--lang en|es|ar] [--dir <folder>] < questions.jsonl

lint     Check every topic file: schema, all three languages, same tree shape in each language,
         no dangling or unreachable steps, every required topic present, staff-only steps that
         say so. Prints "<file>: <problem>" per problem; exits 1 when there are problems.
search   Search the FAQ. With --json prints {"lang","results":[{"topic","score"}]} (confident
         matches only, best first; empty when the bot would not guess). Without a text argument,
         reads one JSON object per line from stdin ({"text": "...", "lang"?: "en|es|ar"}) and
         writes one result line per input line.

--dir    FAQ folder (default: FAQ_DIR, "faq", relative to the LockCare folder)
--lang   search only this language (default: detect; unclear text searches every language)
--json   machine-readable output (always on when reading stdin)`;

interface Options {
  positional: string[];
  dir?: string;
  lang?: Language;
  json: boolean;
}

function parseOptions(args: string[]): Options {
  const options: Options = { positional: [], json: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--dir' || arg === '--lang') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new LockCareError('E_USAGE', `${arg} needs a value`);
      i += 1;
      if (arg === '--dir') options.dir = value;
      else if (isLanguage(value)) options.lang = value;
      else throw new LockCareError('E_USAGE', `--lang must be en, es or ar (got "${value}")`);
    } else if (arg.startsWith('-')) throw new LockCareError('E_USAGE', `unknown option ${arg} (see "lockcare faq --help")`);
    else options.positional.push(arg);
  }
  return options;
}

function faqDir(options: Options, io: CliIo): string {
  return resolveFaqDir(options.dir ?? loadConfig(io.env).faq.dir);
}

function printable(result: FaqSearchResult): { lang: Language; results: Array<{ topic: string; score: number }> } {
  return { lang: result.lang, results: result.results.map(({ topic, score }) => ({ topic, score })) };
}

async function runLint(options: Options, io: CliIo): Promise<number> {
  if (options.positional.length > 0 || options.lang || options.json) throw new LockCareError('E_USAGE', 'faq lint takes only --dir');
  const problems = lintTopicFolder(faqDir(options, io));
  for (const { file, problem } of problems) io.stdout.write(`${file}: ${problem}\n`);
  if (problems.length > 0) {
    io.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`);
    return 1;
  }
  io.stderr.write('FAQ content OK\n');
  return 0;
}

async function runSearch(options: Options, io: CliIo): Promise<number> {
  if (options.positional.length > 1) throw new LockCareError('E_USAGE', 'quote the search text: lockcare faq search "door stays red"');
  const search = await FaqSearch.build(loadTopics(faqDir(options, io)));
  const text = options.positional[0];
  if (text !== undefined) {
    const result = search.search(text, options.lang ? { lang: options.lang } : {});
    if (options.json) io.stdout.write(`${JSON.stringify(printable(result))}\n`);
    else {
      io.stdout.write(`language: ${result.lang}\n`);
      if (result.results.length === 0) io.stdout.write('no confident match; closest topics:\n');
      const shown = result.results.length > 0 ? result.results : result.suggestions;
      shown.forEach((hit, index) => io.stdout.write(`  ${index + 1}. ${hit.topic}  (${hit.score})\n`));
    }
    return 0;
  }
  const lines = createInterface({ input: io.stdin, terminal: false });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    let query: { text?: unknown; lang?: unknown };
    try {
      query = JSON.parse(line) as { text?: unknown; lang?: unknown };
    } catch {
      throw new LockCareError('E_USAGE', `stdin line ${lineNumber}: not JSON`);
    }
    if (typeof query.text !== 'string') throw new LockCareError('E_USAGE', `stdin line ${lineNumber}: "text" must be a string`);
    const lang = query.lang === undefined || query.lang === null ? options.lang : query.lang;
    if (lang !== undefined && !isLanguage(lang)) throw new LockCareError('E_USAGE', `stdin line ${lineNumber}: "lang" must be en, es or ar`);
    io.stdout.write(`${JSON.stringify(printable(search.search(query.text, lang ? { lang } : {})))}\n`);
  }
  return 0;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  const options = parseOptions(rest);
  switch (subcommand) {
    case 'lint':
      return runLint(options, io);
    case 'search':
      return runSearch(options, io);
    default:
      throw new LockCareError('E_USAGE', subcommand ? `unknown faq command "${subcommand}" (use lint or search)` : 'use "lockcare faq lint" or "lockcare faq search"');
  }
}
