import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { SAMPLE_REGISTRY_FILE } from '../../src/warranty/content-path.js';
import { RegistryStore } from '../../src/warranty/registry-store.js';
import { testRedisUrl } from '../helpers/redis.js';
import { runLockcare } from '../helpers/run-lockcare.js';

const lockcare = (args: string[], env: Record<string, string> = {}) => runLockcare(args, { env });

/** `lockcare registry import` into the in-memory store and into a real Redis (db 11 is this file's own). */
const REDIS_DB = 11;
const BAD_ROWS = 'test/fixtures/warranty/registry-bad-rows.csv';
const url = () => testRedisUrl(REDIS_DB);

async function flush(): Promise<void> {
  const client = createClient({ url: url() });
  await client.connect();
  await client.flushDb();
  await client.quit();
}

async function lookup(...serials: string[]): Promise<Array<string | null>> {
  const store = await RedisStore.connect(url(), createSilentLogger());
  try {
    const registry = new RegistryStore(store);
    return await Promise.all(serials.map(async (serial) => (await registry.find(serial))?.customer ?? null));
  } finally {
    await store.close();
  }
}

describe('lockcare registry import without REDIS_URL', () => {
  it('checks and imports into the in-memory store, saying it lasts only for the command', async () => {
    const { code, stdout, stderr } = await lockcare(['registry', 'import', SAMPLE_REGISTRY_FILE]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Imported 31 rows into the in-memory store in \d+\.\d s\.\n$/);
    expect(stderr).toContain('REDIS_URL is not set');
    // Not a terminal: plain progress lines instead of a bar.
    expect(stderr).toContain('imported 31 of 31 rows (100%)');
  });

  it('lists bad rows by line number and imports nothing (exit 1)', async () => {
    const { code, stdout, stderr } = await lockcare(['registry', 'import', BAD_ROWS]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('line 3: serial is empty\n');
    expect(stderr).toContain('line 6: purchase_date "2025-02-29" is not a real date in YYYY-MM-DD form\n');
    expect(stderr).toContain('line 10: serial "good-0001" is already on line 2\n');
    expect(stderr).toContain('Nothing imported: 9 bad rows of 11.');
  });

  it('usage errors and unreadable files exit 2; --help exits 0', async () => {
    expect(await lockcare(['registry', 'import'])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing the registry file') });
    expect(await lockcare(['registry', 'import', '/nonexistent.csv'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    expect(await lockcare(['registry', 'load', 'x.csv'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown subcommand "load"') });
    const help = await lockcare(['registry', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serial,model,policy,customer,country,phone,order_no,seller,purchase_date,delivery_date,installation_date,warranty_card');
  });
});

describe('lockcare registry import with REDIS_URL (real Redis)', () => {
  beforeEach(flush);
  afterAll(flush);

  it('imports nothing when any row is bad', async () => {
    const { code } = await lockcare(['registry', 'import', BAD_ROWS], { REDIS_URL: url() });
    expect(code).toBe(1);
    expect(await lookup('GOOD-0001', 'GOOD-0011')).toEqual([null, null]);
  });

  it('--skip-bad imports the good rows only', async () => {
    const { code, stdout } = await lockcare(['registry', 'import', BAD_ROWS, '--skip-bad'], { REDIS_URL: url() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Imported 2 rows into Redis, skipped 9 bad rows in /);
    expect(await lookup('good-0001', 'GOOD 0011', 'BAD-0005')).toEqual(['Hotel Uno', 'Hotel "Dos", S.L.', null]);
  });

  it('imports a CRLF file with a BOM and quoted fields; serials match in any written form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-registry-'));
    const file = join(dir, 'excel-export.csv');
    const text = readFileSync(SAMPLE_REGISTRY_FILE, 'utf8').trimEnd().split('\n').join('\r\n');
    writeFileSync(file, `\uFEFF${text}\r\n`);
    const { code, stdout } = await lockcare(['registry', 'import', file], { REDIS_URL: url() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Imported 31 rows into Redis in /);
    expect(await lookup('rf300-2611-01502', ' RF300 2611 01502 ', 'RF300-2504-00921')).toEqual([
      'Gran Hotel Sevilla, S.A.',
      'Gran Hotel Sevilla, S.A.',
      'Hotel "La Perla" Guadalajara',
    ]);
    const store = await RedisStore.connect(url(), createSilentLogger());
    expect(await new RegistryStore(store).meta()).toMatchObject({ rows: 31, source: file });
    await store.close();
  });
});
