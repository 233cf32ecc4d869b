import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { testRedisUrl } from '../helpers/redis.js';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeStoreContract('MemoryStore', async () => {
  let now = Date.parse('2026-11-21T10:00:00Z');
  const store = new MemoryStore(() => now);
  return {
    store,
    // One process: the "other process" shares the same memory.
    peer: store,
    async elapse(ms) {
      now += ms;
    },
    close: () => store.close(),
  };
});

describeStoreContract('RedisStore', async () => {
  // A fresh prefix per test keeps tests (and parallel test files) apart on the shared server.
  const prefix = `contract:${randomUUID()}:`;
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  const peer = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  return {
    store,
    peer,
    elapse: delay,
    async close() {
      await Promise.all([store.close(), peer.close()]);
    },
  };
});

describe('RedisStore specifics', () => {
  it('keeps stores with different prefixes apart', async () => {
    const a = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `iso-a:${randomUUID()}:` });
    const b = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `iso-b:${randomUUID()}:` });
    try {
      await a.set('shared-name', 'from a');
      await a.listPush('shared-list', 'from a');
      expect(await b.get('shared-name')).toBeNull();
      expect(await b.listRange('shared-list')).toEqual([]);
      expect(await a.get('shared-name')).toBe('from a');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('fails to connect with E_STORE, naming the address, when nothing listens there', async () => {
    const attempt = RedisStore.connect('redis://127.0.0.1:1', createSilentLogger(), { connectAttempts: 1 });
    await expect(attempt).rejects.toMatchObject({ code: 'E_STORE', message: expect.stringContaining('redis://127.0.0.1:1') });
  });
});
