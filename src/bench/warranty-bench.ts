import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '../logger.js';
import { RedisStore } from '../store/redis-store.js';
import { removeKeysWithPrefix } from './redis-process.js';
import { parseIsoDate } from '../warranty/calendar-date.js';
import { resolveContentPath } from '../warranty/content-path.js';
import { loadPolicies } from '../warranty/policy-loader.js';
import { REGISTRY_HEADER } from '../warranty/registry-csv.js';
import { readRegistryFile } from '../warranty/registry-file.js';
import { createWarrantyService, type WarrantyService } from '../warranty/warranty-service.js';
import { percentile, type BenchFigure, type BenchSuite } from './suite.js';

/**
 * Registry at production size on Redis: importing 100,000 rows the way `lockcare registry
 * import` does (read, parse, validate every row, write in batches; target < 20 s), then one
 * warranty check at a time — lookup by serial plus the policy decision (target p99 < 1 ms).
 */
const TARGET_IMPORT_S = 20;
const TARGET_P99_MS = 1;
const COUNTRIES = [['Spain', '+34 9'], ['Mexico', '+52 55 '], ['United Arab Emirates', '+971 50 '], ['Saudi Arabia', '+966 55 '], ['Egypt', '+20 100 ']] as const;
const MODELS = ['RF-200', 'RF-300', 'BT-500', 'MT-900'];
const CARDS = ['valid', 'valid', 'valid', 'invalid', 'missing', ''];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A date `days` after 2020-01-01, or '' now and then (missing dates are part of real registries). */
function dateAfter(days: number, index: number): string {
  if (index % 97 === 0) return '';
  const date = new Date(Date.UTC(2020, 0, 1) + days * 86_400_000);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

export function serialOf(index: number): string {
  return `BX${pad(index % 900, 3)}-${pad(index, 7)}`;
}

/** A realistic registry CSV of `rows` rows (quoted names with commas, both policies, gaps). */
export function generateRegistryCsv(rows: number): string {
  const lines = [REGISTRY_HEADER.join(',')];
  for (let index = 0; index < rows; index += 1) {
    const [country, prefix] = COUNTRIES[index % COUNTRIES.length]!;
    const purchase = (index * 7) % 2400;
    lines.push([
      serialOf(index), MODELS[index % MODELS.length], index % 3 === 0 ? 'global-12m' : 'hotel-lock-3y',
      `"Hotel ${index}, Room Block ${index % 40}"`, country, `${prefix}${pad(index % 10_000_000, 7)}`,
      index % 11 === 0 ? '' : `PO-${pad(index, 8)}`, 'Bench Distribution S.L.',
      dateAfter(purchase, index), dateAfter(purchase + 5, index + 1), dateAfter(purchase + 12, index + 2), CARDS[index % CARDS.length],
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}


/** What `lockcare registry import` does: read, check every row, write in batches. Returns seconds. */
async function importFile(file: string, service: WarrantyService): Promise<number> {
  const started = performance.now();
  const checked = await readRegistryFile(file, service.policies);
  if (checked.bad.length > 0) throw new Error(`generated registry has bad rows: line ${checked.bad[0]!.line}: ${checked.bad[0]!.reason}`);
  await service.registry.importRows(checked.rows, { source: file, now: new Date(), batchSize: 5000 });
  return (performance.now() - started) / 1000;
}

export const warrantyBench: BenchSuite = {
  name: 'warranty',
  async run({ quick, redisUrl, log }) {
    if (!redisUrl) throw new Error('the warranty benchmark needs Redis (REDIS_URL or a redis-server it can start)');
    const rows = quick ? 10_000 : 100_000;
    const lookups = quick ? 2_000 : 20_000;
    const policies = loadPolicies(resolveContentPath('policies'));
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-bench-registry-'));
    const file = join(dir, 'registry.csv');
    writeFileSync(file, generateRegistryCsv(rows));
    const prefix = `bench:warranty:${randomUUID().slice(0, 8)}:`;
    const store = await RedisStore.connect(redisUrl, createSilentLogger(), { prefix });
    try {
      log(`warranty: importing ${rows.toLocaleString('en-US')} generated rows into Redis`);
      const service = createWarrantyService({ store, policies, timeZone: 'UTC' });
      // In its own function so the parsed rows are garbage once the import is done, as in the command.
      const importSeconds = await importFile(file, service);

      // Lookups happen long after an import in production; give Redis a moment to finish growing
      // its hash table (incremental rehash right after 100,000 new keys) before timing them.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const asOf = parseIsoDate('2026-11-21')!;
      const written = (index: number) => (index % 4 === 0 ? serialOf(index).toLowerCase().replace('-', ' ') : serialOf(index));
      for (let index = 0; index < 2000; index += 1) await service.check(written(index % rows), { asOf }); // warm-up (JIT, connection)
      const latencies: number[] = [];
      let found = 0;
      let slow = 0;
      for (let index = 0; index < lookups; index += 1) {
        // One in ten asks for a serial that is not in the registry.
        const serial = index % 10 === 9 ? `ZZ-${index}` : written((index * 7919) % rows);
        const begin = performance.now();
        const result = await service.check(serial, { asOf });
        latencies.push(performance.now() - begin);
        if (result.status !== 'not-found') found += 1;
        slow += latencies.at(-1)! >= TARGET_P99_MS ? 1 : 0;
      }
      if (found !== lookups - Math.floor(lookups / 10)) throw new Error(`expected ${lookups - Math.floor(lookups / 10)} serials found, got ${found}`);
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      const round = (value: number, digits = 2) => Number(value.toFixed(digits));
      return [
        { name: `registry import ${rows.toLocaleString('en-US')} rows into Redis (parse, validate, write)`, value: round(importSeconds), unit: 's', compareTo: `target < ${TARGET_IMPORT_S} s`, pass: importSeconds < TARGET_IMPORT_S },
        { name: 'registry import rate', value: Math.round(rows / importSeconds), unit: 'rows/s', compareTo: 'no target' },
        { name: `warranty check p50 (Redis lookup + policy decision, ${lookups.toLocaleString('en-US')} sequential)`, value: round(p50, 3), unit: 'ms', compareTo: 'no target' },
        { name: 'warranty check p99', value: round(p99, 3), unit: 'ms', compareTo: `target < ${TARGET_P99_MS} ms`, pass: p99 < TARGET_P99_MS },
        { name: `warranty checks at or over ${TARGET_P99_MS} ms`, value: round((slow / lookups) * 100, 2), unit: '%', compareTo: 'no target (p99 target = under 1%)' },
      ] satisfies BenchFigure[];
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      await removeKeysWithPrefix(redisUrl, prefix).catch((error: unknown) => log(`  (could not remove bench keys: ${(error as Error).message})`));
    }
  },
};
