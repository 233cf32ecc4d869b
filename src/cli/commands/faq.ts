import { createInterface } from 'node:readline';
import { loadConfig } from '../../config.js';
import { isLanguage, type Language } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { createStore } from '../../store/create-store.js';
import { readExampleFolder } from '../../faq/example-loader.js';
import { FaqGapStore, type FaqGap } from '../../faq/faq-gaps.js';
import { FaqMatcher } from '../../faq/faq-matcher.js';
import type { FaqSearchResult } from '../../faq/faq-search.js';
import { lintTopicFolder, loadTopics, resolveFaqDir } from '../../faq/topic-loader.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage:
  lockcare faq lint [--dir <folder>]
  lockcare faq search "<text>" [--lang en|es|ar] [--json] [--dir <folder>]
  lockcare faq search [--lang en|es|ar] [--dir <folder>] < questions.jsonl
  lockcare faq gaps [--all] [--json]

lint     Check every topic file: schema, all three languages, same tree shape in each language,
         no dangling or unreachable steps, every required topic present, staff-only steps that
         say so. Prints "<file>: <problem>" per problem; exits 1 when there are problems.
search   Search the FAQ. With --json prints {"lang","results":[{"topic","score"}]} (confident
         matches only, best first; empty when the bot would not guess). Without a text argument,
         reads one JSON object per line from stdin ({"text": "...", "lang"?: "en|es|ar"}) and
         writes one result line per input line.

gaps     Export the messages the bot was not sure about (it asked between two topics or listed
         three) with the topic the user then picked, or the agent tagged on the ticket the
         conversation became, as candidate examples for a content editor: "<topic> (<lang>): <message>"
         per line ("<topic> (<lang>, agent): ..." for an agent's tag), or JSON lines with --json
         ("pickedBy": "user" or "agent"). Review each one and copy
         the good ones into faq/examples/<topic>.json by hand; nothing is added automatically.
         Reads the store in REDIS_URL (the in-memory store lives only inside the running bot).
         Kept FAQ_GAPS_RETENTION_DAYS days (default 30).

--all    gaps: also the messages nobody picked a topic for (topic shown as "?")
--dir    FAQ folder (default: FAQ_DIR, "faq", relative to the LockCare folder)
--lang   search only this language (default: detect; unclear text searches every language)
--json   machine-readable output (always on when reading stdin)`;

interface Options {
  positional: string[];
  dir?: string;
  lang?: Language;
  json: boolean;
  all: boolean;
}

function parseOptions(args: string[]): Options {
  const options: Options = { positional: [], json: false, all: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--all') options.all = true;
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
  const dir = faqDir(options, io);
  const topics = loadTopics(dir);
  const matcher = await FaqMatcher.build(topics, readExampleFolder(dir, new Set(topics.map((topic) => topic.id))).examples);
  const search = { search: (text: string, searchOptions: { lang?: Language }) => matcher.match(text, searchOptions) };
  const text = options.positional[0];
  if (text !== undefined) {
    const result = search.search(text, options.lang ? { lang: options.lang } : {});
    if (options.json) io.stdout.write(`${JSON.stringify(printable(result))}\n`);
    else {
      io.stdout.write(`language: ${result.lang}\n`);
      if (result.clarify) io.stdout.write(`would ask: ${result.clarify.join(' or ')}?\n`);
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

/** One candidate example per line, for a person to review. */
export function formatGaps(gaps: readonly FaqGap[], options: { all: boolean; json: boolean }): string[] {
  return gaps
    .filter((gap) => options.all || gap.picked)
    .map((gap) =>
      options.json
        ? JSON.stringify({ text: gap.text, lang: gap.lang, topic: gap.picked ?? null, pickedBy: gap.pickedBy ?? null, offered: gap.offered, at: gap.at })
        : `${gap.picked ?? '?'} (${gap.lang}${gap.pickedBy === 'agent' ? ', agent' : ''}): ${gap.text}`,
    );
}

async function runGaps(options: Options, io: CliIo): Promise<number> {
  if (options.positional.length > 0 || options.lang || options.dir) throw new LockCareError('E_USAGE', 'faq gaps takes only --all and --json');
  const config = loadConfig(io.env);
  if (!config.redisUrl) {
    io.stderr.write('No REDIS_URL: without Redis the gaps live only in the running bot\'s memory. Set REDIS_URL to the bot\'s Redis.\n');
    return 1;
  }
  const store = await createStore(config, createSilentLogger());
  try {
    const gaps = await new FaqGapStore(store, config.faq.gapsRetentionMs).list();
    const lines = formatGaps(gaps, options);
    for (const line of lines) io.stdout.write(`${line}\n`);
    io.stderr.write(`${lines.length} candidate example${lines.length === 1 ? '' : 's'} (review before adding any to faq/examples/)\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  const options = parseOptions(rest);
  switch (subcommand) {
    case 'lint':
      return runLint(options, io);
    case 'search':
      return runSearch(options, io);
    case 'gaps':
      return runGaps(options, io);
    default:
      throw new LockCareError('E_USAGE', subcommand ? `unknown faq command "${subcommand}" (use lint, search or gaps)` : 'use "lockcare faq lint", "lockcare faq search" or "lockcare faq gaps"');
  }
}
