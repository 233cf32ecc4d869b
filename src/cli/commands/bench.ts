import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSuites } from '../../bench/index.js';
import { hasRedisServerBinary, startRedisProcess, type RedisProcess } from '../../bench/redis-process.js';
import type { BenchFigure } from '../../bench/suite.js';
import { loadConfig } from '../../config.js';
import { LockCareError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare bench [--quick] [--suite <name>] [--strict] [--json]

Run the benchmarks (npm run bench) and print a table: figure, value, unit, what it is compared
against, and PASS / FAIL for figures with a target.

  --quick          a small smoke run (fewer conversations and rounds)
  --suite <name>   run one suite only (e.g. core, faq)
  --strict         exit with code 1 when a target is missed
  --json           print the figures as JSON instead of a table

Each suite runs in its own process, so one suite's heap and garbage collection do not slow the
next one's measurements.

Redis: uses REDIS_URL when set, else starts a private redis-server on a free port (it must be
installed: apt-get install -y redis-server, or brew install redis) and stops it afterwards.
Compare ratios from one run rather than absolute times: a busy VM is often faster than an idle one.`;

interface Row {
  suite: string;
  figure: BenchFigure;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A plain-text table, columns padded to their widest cell. */
export function renderTable(rows: Row[]): string {
  const header = ['figure', 'value', 'unit', 'compared to', 'result'];
  const cells = rows.map(({ suite, figure }) => [
    `${suite}: ${figure.name}`,
    formatValue(figure.value),
    figure.unit,
    figure.compareTo ?? '',
    figure.pass === undefined ? '' : figure.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

interface BenchArgs {
  quick: boolean;
  suite?: string;
  strict: boolean;
  json: boolean;
}

function parseArgs(args: string[]): BenchArgs {
  const options: BenchArgs = { quick: false, strict: false, json: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--strict') options.strict = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--suite') {
      options.suite = args[(i += 1)];
      if (!options.suite) throw new LockCareError('E_USAGE', '--suite needs a name');
    } else throw new LockCareError('E_USAGE', `unknown option ${arg}\n\n${help}`);
  }
  return options;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseArgs(args);
  const config = loadConfig(io.env);
  const all = await loadSuites();
  const suites = options.suite ? all.filter((suite) => suite.name === options.suite) : all;
  if (suites.length === 0) {
    throw new LockCareError('E_USAGE', `no suite named "${options.suite}" (suites: ${all.map((suite) => suite.name).join(', ')})`);
  }
  const log = (line: string) => io.stderr.write(`${line}\n`);

  let redis: RedisProcess | undefined;
  let redisUrl = config.redisUrl;
  if (!redisUrl && hasRedisServerBinary()) {
    redis = await startRedisProcess();
    redisUrl = redis.url;
    log(`bench: started a private redis-server at ${redisUrl}`);
  } else if (!redisUrl) {
    log('bench: no REDIS_URL and no redis-server binary; suites that need Redis will fail (apt-get install -y redis-server)');
  }

  const rows: Row[] = [];
  let failedSuites = 0;
  try {
    for (const suite of suites) {
      log(`bench: running ${suite.name}${options.quick ? ' (quick)' : ''}`);
      try {
        const figures =
          suites.length > 1
            ? await runSuiteInChild(suite.name, options.quick, { ...io.env, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) }, io.stderr)
            : await suite.run({ quick: options.quick, redisUrl, log });
        rows.push(...figures.map((figure) => ({ suite: suite.name, figure })));
      } catch (error) {
        failedSuites += 1;
        log(`bench: suite ${suite.name} failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
  } finally {
    await redis?.stop();
  }

  if (options.json) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return failedSuites > 0 ? 1 : 0;
  }
  io.stdout.write(`${renderTable(rows)}\n`);
  const judged = rows.filter((row) => row.figure.pass !== undefined);
  const met = judged.filter((row) => row.figure.pass).length;
  io.stdout.write(`\n${met} of ${judged.length} targets met${failedSuites ? `; ${failedSuites} suite(s) failed to run` : ''}\n`);
  if (failedSuites > 0) return 1;
  return options.strict && met < judged.length ? 1 : 0;
}

const LOCKCARE_BIN = fileURLToPath(new URL('../../../bin/lockcare.js', import.meta.url));

/** Run one suite in a fresh `lockcare bench --suite <name> --json` process and read its figures. */
async function runSuiteInChild(name: string, quick: boolean, env: Record<string, string | undefined>, stderr: NodeJS.WritableStream): Promise<BenchFigure[]> {
  const args = [LOCKCARE_BIN, 'bench', '--suite', name, '--json', ...(quick ? ['--quick'] : [])];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`suite ${name} exited with code ${code}`))));
  });
  const rows = JSON.parse(output.trim().split('\n').pop()!) as Row[];
  return rows.map((row) => row.figure);
}
