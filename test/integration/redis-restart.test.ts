import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { FastifyInstance } from 'fastify';
import { buildApp, createLockCare, type LockCare } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import { createSilentLogger } from '../../src/logger.js';
import { SCRIPTS } from '../../src/store/redis-scripts.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll until `check` holds; fails the test (with `what`) if it never does. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(50);
  }
  throw new Error(`never happened: ${what}`);
}

/** What a command gives back: its value, or the error it failed with. */
async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: { code?: string; message: string } }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: { code: (error as { code?: string }).code, message: (error as Error).message } };
  }
}

describe('RedisStore across a Redis outage and restart', () => {
  let redis: TestRedis;
  let store: RedisStore;
  let lockcare: LockCare;
  let app: FastifyInstance;
  const received: string[] = [];

  beforeAll(async () => {
    // A private server: this file kills it, which must not disturb the other test files.
    redis = await startTestRedis();
    store = await RedisStore.connect(redis.url, createSilentLogger(), { prefix: 'restart:', commandTimeoutMs: 1500 });
    await store.subscribe('console', (message) => received.push(message));
    // Only the base feature: this file is about the store and /readyz, not the other features' routes.
    lockcare = await createLockCare(loadConfig({ REDIS_URL: redis.url, LOG_LEVEL: 'silent' }), {
      store,
      logger: createSilentLogger(),
      features: [async () => ({ feature: baseFeature })],
    });
    app = await buildApp(lockcare);
  });

  afterAll(async () => {
    redis.thaw();
    await app?.close();
    await lockcare?.close();
    await redis?.stop();
  });

  it('works, fails fast with E_STORE while Redis is down, and recovers (scripts and subscriptions) after it restarts', async () => {
    expect(await store.compareAndSet('conv', null, 'before')).toBe(1);
    await store.publish('console', 'before');
    await eventually('the message published before the outage arrives', async () => received.includes('before'));
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

    await redis.down();
    await eventually('the store notices the outage', async () => !(await store.ping()));
    const during = await outcome(store.get('conv'));
    expect(during.error?.code).toBe('E_STORE');
    expect((await outcome(store.compareAndSet('conv', 1, 'during'))).error?.code).toBe('E_STORE');
    const readyDown = await app.inject({ method: 'GET', url: '/readyz' });
    expect(readyDown.statusCode).toBe(503);
    expect(readyDown.json()).toMatchObject({ status: 'unavailable' });
    expect(await app.readinessDetail()).toMatchObject({ status: 'unavailable', store: { kind: 'redis', up: false } });

    await redis.up();
    await eventually('the store reconnects', () => store.ping());
    // A restarted server has lost its script cache. The store loads its scripts again when it
    // reconnects; should the cache be empty anyway, EVALSHA gets NOSCRIPT and is retried with EVAL.
    const probe = createClient({ url: redis.url });
    await probe.connect();
    await probe.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await probe.sendCommand(['SCRIPT', 'EXISTS', SCRIPTS.compareAndSet.sha])).toEqual([0]);
    expect(await store.compareAndSet('conv', null, 'after')).toBe(1);
    expect(await store.getVersioned('conv')).toEqual({ value: 'after', version: 1 });
    expect(await probe.sendCommand(['SCRIPT', 'EXISTS', SCRIPTS.compareAndSet.sha])).toEqual([1]);
    await probe.close();

    // The subscriber connection reconnects on its own and subscribes again.
    let sent = 0;
    await eventually('a message published after the restart arrives', async () => {
      await store.publish('console', `after-${(sent += 1)}`);
      await delay(20);
      return received.some((message) => message.startsWith('after-'));
    });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
    expect(await app.readinessDetail()).toMatchObject({ status: 'ready', store: { kind: 'redis', up: true } });
  });

  it('fails a command with E_STORE when Redis accepts the connection but stops answering', async () => {
    expect(await store.set('alive', 'yes')).toBeUndefined();
    redis.freeze();
    try {
      const hung = await outcome(store.get('alive'));
      expect(hung.error?.code).toBe('E_STORE');
      expect(await store.ping()).toBe(false);
    } finally {
      redis.thaw();
    }
    await eventually('the store answers again after the server resumes', () => store.ping());
    expect(await store.get('alive')).toBe('yes');
  });
});
