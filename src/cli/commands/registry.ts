import { SingleBar } from 'cli-progress';
import { loadConfig } from '../../config.js';
import { LockCareError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { createStore } from '../../store/create-store.js';
import type { Store } from '../../store/store.js';
import { parseOptions } from '../../warranty/cli-options.js';
import { resolveContentPath } from '../../warranty/content-path.js';
import { loadPolicies } from '../../warranty/policy-loader.js';
import { describeBadRows, readRegistryFile } from '../../warranty/registry-file.js';
import { RegistryStore, type ImportProgress } from '../../warranty/registry-store.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare registry import <file.csv> [--skip-bad]

Import the product registry into the configured store: Redis when REDIS_URL is set (what the
bot uses in production); without it, an in-memory store that lasts only for this command, which
still checks the whole file. Rows are upserted by serial number.

The CSV needs this header row:
  serial,model,policy,customer,country,phone,order_no,seller,purchase_date,delivery_date,installation_date,warranty_card
Dates are YYYY-MM-DD, warranty_card is valid, invalid or missing; only serial and policy are required.

Every row is checked first and bad rows are listed as "line N: <reason>". If any row is bad,
nothing is imported (exit code 1) unless --skip-bad is given, which imports the good rows.

  --skip-bad   Import the good rows and skip the bad ones.

Exit codes: 0 imported, 1 bad rows (nothing imported), 2 usage error or unreadable file.`;

/** Progress on stderr: a bar on a terminal, a plain line every 10% otherwise (logs, CI). */
function createProgress(io: CliIo, total: number): { update(progress: ImportProgress): void; stop(): void } {
  const stream = io.stderr as NodeJS.WriteStream;
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: 'Importing |{bar}| {percentage}% | {value}/{total} rows | ETA {eta}s', hideCursor: true });
    bar.start(total, 0);
    return { update: ({ done }) => bar.update(done), stop: () => bar.stop() };
  }
  let nextReport = 0.1;
  return {
    update: ({ done }) => {
      if (done / total + 1e-9 < nextReport && done !== total) return;
      io.stderr.write(`imported ${done} of ${total} rows (${Math.floor((done / total) * 100)}%)\n`);
      while (nextReport <= done / total + 1e-9) nextReport += 0.1;
    },
    stop: () => undefined,
  };
}

async function importFile(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: [], flags: ['skip-bad'] });
  const [sub, file, extra] = parsed.positionals;
  if (sub !== 'import') throw new LockCareError('E_USAGE', sub ? `unknown subcommand "${sub}" (use "import")` : 'missing subcommand "import"');
  if (!file) throw new LockCareError('E_USAGE', 'missing the registry file: lockcare registry import <file.csv>');
  if (extra) throw new LockCareError('E_USAGE', `unexpected argument "${extra}"`);
  const skipBad = parsed.flags.has('skip-bad');

  const config = loadConfig(io.env);
  const policies = loadPolicies(resolveContentPath(config.warranty.policiesDir));
  const started = performance.now();
  const checked = await readRegistryFile(file, policies);
  for (const line of describeBadRows(checked, 200)) io.stderr.write(`${line}\n`);
  if (checked.bad.length > 0 && !skipBad) {
    io.stderr.write(`Nothing imported: ${checked.bad.length} bad row${checked.bad.length === 1 ? '' : 's'} of ${checked.rows.length + checked.bad.length}. Fix them, or use --skip-bad to import the ${checked.rows.length} good rows.\n`);
    return 1;
  }
  if (checked.rows.length === 0) {
    io.stderr.write('Nothing imported: the file has no good rows.\n');
    return 1;
  }

  if (!config.redisUrl) {
    io.stderr.write('REDIS_URL is not set: importing into an in-memory store that lasts only for this command (the file is fully checked). Set REDIS_URL to keep the registry for the bot.\n');
  }
  let store: Store;
  try {
    store = await createStore(config, createSilentLogger());
  } catch (error) {
    throw new LockCareError('E_STORE', `Cannot connect to Redis: ${(error as Error).message}`);
  }
  try {
    const progress = createProgress(io, checked.rows.length);
    const imported = await new RegistryStore(store).importRows(checked.rows, {
      source: resolveContentPath(file),
      now: new Date(),
      batchSize: 5000,
      onProgress: (value) => progress.update(value),
    });
    progress.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const skipped = checked.bad.length > 0 ? `, skipped ${checked.bad.length} bad row${checked.bad.length === 1 ? '' : 's'}` : '';
    io.stdout.write(`Imported ${imported} row${imported === 1 ? '' : 's'} into ${config.redisUrl ? 'Redis' : 'the in-memory store'}${skipped} in ${seconds} s.\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    return await importFile(args, io);
  } catch (error) {
    if (error instanceof LockCareError && ['E_USAGE', 'E_CONTENT', 'E_CONFIG'].includes(error.code)) {
      io.stderr.write(`lockcare registry: ${error.message}\n`);
      if (error.code === 'E_USAGE') io.stderr.write('Run "lockcare registry --help" for the options.\n');
      return 2;
    }
    throw error;
  }
}
