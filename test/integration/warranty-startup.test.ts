import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, createLockCare, type LockCare } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { RegistryStore } from '../../src/warranty/registry-store.js';
import { createWarrantyFeature } from '../../src/warranty/warranty-feature.js';
import { testRedisUrl } from '../helpers/redis.js';
import { TestClock, texts } from '../helpers/core-harness.js';
import { FIXTURE_REGISTRY } from '../helpers/warranty-harness.js';

/** The embedded default loads the sample registry at start-up; REGISTRY_FILE replaces it; a bad file stops start-up. */
const features = [async () => ({ feature: baseFeature }), createWarrantyFeature];
let lockcare: LockCare | undefined;

afterEach(async () => {
  await lockcare?.close();
  lockcare = undefined;
});

describe('warranty at start-up', () => {
  it('npm start (no configuration) loads the sample registry and answers in chat', async () => {
    // The sample registry's dates are fixed: "today" is the test's clock, not the calendar's.
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    lockcare = await createLockCare(loadConfig({ NODE_ENV: 'test', CHANNELS: 'web' }), { logger: createSilentLogger(), features, clock });
    const app = await buildApp(lockcare);
    // Counts are for admins (GET /api/agent/status) and metrics, not for anonymous /readyz.
    expect(await app.readinessDetail()).toMatchObject({ warranty: { policies: ['global-12m', 'hotel-lock-3y'], registryRows: 31 } });
    await app.close();

    const send = (text: string, id: string) =>
      lockcare!.core.handle({ channel: 'web', conversationId: 'w1', user: { id: 'u', phone: '+52 (998) 123-4567' }, platformMessageId: id, content: { type: 'text', text } });
    await send('hello', 'm1');
    await lockcare.core.handle({ channel: 'web', conversationId: 'w1', user: { id: 'u' }, platformMessageId: 'm2', content: { type: 'choice', value: 'menu:warranty' } });
    const reply = texts((await send('RF200-2402-00231', 'm3')).outbound);
    expect(reply[0]).toBe("Thank you. This chat's phone number matches the owner's record.");
    expect(reply[1]).toMatch(/^Lock RF200-2402-00231 \(RF-200\) is /);
  });

  it('REGISTRY_FILE replaces the sample registry', async () => {
    lockcare = await createLockCare(loadConfig({ NODE_ENV: 'test', REGISTRY_FILE: FIXTURE_REGISTRY }), { logger: createSilentLogger(), features });
    expect(await new RegistryStore(lockcare.store).find('LC-TEST-0478')).toMatchObject({ customer: 'Test Hotel Dubai Marina' });
  });

  it('SAMPLE_DATA=false and no REGISTRY_FILE: an empty registry', async () => {
    lockcare = await createLockCare(loadConfig({ NODE_ENV: 'test', SAMPLE_DATA: 'false' }), { logger: createSilentLogger(), features });
    expect(await new RegistryStore(lockcare.store).find('RF200-2402-00231')).toBeNull();
  });

  it('a REGISTRY_FILE with bad rows stops start-up naming the lines', async () => {
    const start = createLockCare(loadConfig({ NODE_ENV: 'test', REGISTRY_FILE: 'test/fixtures/warranty/registry-bad-rows.csv' }), { logger: createSilentLogger(), features });
    await expect(start).rejects.toMatchObject({ code: 'E_CONTENT', message: expect.stringContaining('line 3: serial is empty') });
  });

  it('a broken policy file stops start-up naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-policies-'));
    writeFileSync(join(dir, 'global-12m.json'), '{"id":"global-12m"}');
    const start = createLockCare(loadConfig({ NODE_ENV: 'test', POLICIES_DIR: dir }), { logger: createSilentLogger(), features });
    await expect(start).rejects.toMatchObject({ code: 'E_CONTENT', message: expect.stringContaining(join(dir, 'global-12m.json')) });
  });

  it('on Redis, the sample registry is not mixed into a registry imported with `lockcare registry import`', async () => {
    const prefix = `warranty-startup-${randomUUID()}:`;
    const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
    const registry = new RegistryStore(store);
    await registry.importRows([], { source: '/data/real-registry.csv', now: new Date() });
    lockcare = await createLockCare(loadConfig({ NODE_ENV: 'test' }), { logger: createSilentLogger(), features, store });
    expect(await registry.find('RF200-2402-00231')).toBeNull();
    expect(await registry.meta()).toMatchObject({ source: '/data/real-registry.csv' });
  });
});
