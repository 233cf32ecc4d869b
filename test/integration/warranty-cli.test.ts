import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../helpers/redis.js';
import { FIXTURE_REGISTRY } from '../helpers/warranty-harness.js';
import { runLockcare } from '../helpers/run-lockcare.js';

const lockcare = (args: string[], env: Record<string, string> = {}) => runLockcare(args, { env });

/** `lockcare warranty check` as a support engineer runs it. Redis db 12 is this file's own. */
const REDIS_DB = 12;

describe('lockcare warranty check --json', () => {
  it('prints exactly the documented JSON from a registry file', async () => {
    const { code, stdout, stderr } = await lockcare(['warranty', 'check', '--serial', ' lc-test-0478 ', '--registry', FIXTURE_REGISTRY, '--as-of', '2026-11-22', '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({
      serial: 'LC-TEST-0478',
      status: 'covered',
      policy: 'hotel-lock-3y',
      asOf: '2026-11-22',
      remedies: [
        { id: 'seller-return', covered: false, start: '2025-03-20', end: '2025-03-27', daysLeft: null },
        { id: 'seller-replacement', covered: false, start: '2025-03-20', end: '2025-04-04', daysLeft: null },
        { id: 'free-maintenance', covered: true, start: '2025-03-14', end: '2028-03-14', daysLeft: 478 },
      ],
      reasons: [],
    });
  });

  it('reads the sample registry in the embedded default, and applies --component and repeated --cause', async () => {
    const covered = await lockcare(['warranty', 'check', '--serial', 'GX12-2508-00311', '--as-of', '2026-11-21', '--component', 'cylinder', '--json']);
    expect(JSON.parse(covered.stdout)).toMatchObject({ status: 'covered', policy: 'global-12m', remedies: [{ id: 'global-warranty', covered: false }, { id: 'core-mechanical', covered: true, daysLeft: 649 }, { id: 'parts-at-cost', covered: true }] });
    const voided = await lockcare(['warranty', 'check', '--serial', 'GX12-2508-00311', '--as-of', '2026-11-21', '--cause', 'chemical-corrosion', '--cause=misuse', '--json']);
    expect(JSON.parse(voided.stdout)).toMatchObject({ status: 'excluded', reasons: ['chemical-corrosion', 'misuse'] });
    // No valid card and no order number, but the registry's dates place it inside the free period (card, paid item 3, exception).
    const card = await lockcare(['warranty', 'check', '--serial', 'MT900-2601-00045', '--as-of', '2026-11-21', '--json']);
    expect(JSON.parse(card.stdout)).toMatchObject({ status: 'covered', reasons: [] });
  });

  it('an unknown serial is status not-found, exit 0', async () => {
    const { code, stdout } = await lockcare(['warranty', 'check', '--serial', 'NOPE-0001', '--as-of', '2026-11-21', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ serial: 'NOPE-0001', status: 'not-found', policy: null, asOf: '2026-11-21', remedies: [], reasons: ['serial-not-found'] });
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await lockcare(['warranty', 'check', '--serial', 'RF200-2311-00012', '--as-of', '2026-11-21']);
    expect(code).toBe(0);
    expect(stdout).toContain('Status    EXPIRED');
    expect(stdout).toMatch(/free-maintenance\s+no\s+2023-11-10 → 2026-11-10/);
    expect(stdout).toContain('Reasons   period-ended');
  });

  it.each([
    [['--component', 'door'], 'unknown component "door"'],
    [['--cause', 'gremlins'], 'unknown cause "gremlins"'],
    [['--as-of', '2026-02-30'], '--as-of "2026-02-30" is not a real date'],
    [['--as-of', '21/11/2026'], 'is not a real date in YYYY-MM-DD form'],
    [['--registry', '/nonexistent/registry.csv'], 'Cannot read registry file /nonexistent/registry.csv: no such file'],
    [['--registry', 'test/fixtures/warranty/registry-bad-rows.csv'], 'has 9 bad rows'],
    [['--colour', 'red'], 'unknown option --colour'],
  ])('%j: clear error on stderr, exit 2', async (extra, message) => {
    const { code, stdout, stderr } = await lockcare(['warranty', 'check', '--serial', 'RF200-2402-00231', '--json', ...extra]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('without --serial or the check subcommand: usage error, exit 2; --help exit 0', async () => {
    expect((await lockcare(['warranty', 'check', '--json'])).code).toBe(2);
    expect((await lockcare(['warranty', 'status'])).stderr).toContain('unknown subcommand "status"');
    const help = await lockcare(['warranty', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: lockcare warranty check --serial');
  });
});

describe('lockcare warranty check with REDIS_URL', () => {
  const url = () => testRedisUrl(REDIS_DB);
  beforeAll(async () => {
    const client = createClient({ url: url() });
    await client.connect();
    await client.flushDb();
    await client.quit();
  });
  afterAll(async () => {
    const client = createClient({ url: url() });
    await client.connect();
    await client.flushDb();
    await client.quit();
  });

  it('reads the registry imported into Redis, not the sample file', async () => {
    const before = await lockcare(['warranty', 'check', '--serial', 'LC-TEST-0478', '--as-of', '2026-11-22', '--json'], { REDIS_URL: url() });
    expect(JSON.parse(before.stdout).status).toBe('not-found');
    const imported = await lockcare(['registry', 'import', FIXTURE_REGISTRY], { REDIS_URL: url() });
    expect(imported.code).toBe(0);
    const after = await lockcare(['warranty', 'check', '--serial', 'LC-TEST-0478', '--as-of', '2026-11-22', '--json'], { REDIS_URL: url() });
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'covered', remedies: [{}, {}, { id: 'free-maintenance', daysLeft: 478 }] });
  });
});
