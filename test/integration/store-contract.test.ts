import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestCore } from '../helpers/core-harness.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { testRedisUrl } from '../helpers/redis.js';
import { startTestCluster, type TestCluster } from '../helpers/redis-cluster.js';

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

/** A three-master cluster for this file, started by the first test that needs it and stopped after the last. */
let cluster: Promise<TestCluster> | undefined;
afterAll(async () => {
  await (await cluster?.catch(() => undefined))?.stop();
});

describeStoreContract('RedisStore on a three-master Redis Cluster', async () => {
  const { urls } = await (cluster ??= startTestCluster());
  const prefix = `contract:${randomUUID()}:`;
  // Each handle starts from a different seed node, as processes configured differently would.
  const store = await RedisStore.connectCluster(urls, createSilentLogger(), { prefix });
  const peer = await RedisStore.connectCluster([...urls].reverse(), createSilentLogger(), { prefix });
  return {
    store,
    peer,
    elapse: delay,
    async close() {
      await Promise.all([store.close(), peer.close()]);
    },
  };
});

describe('RedisStore on a cluster: keys really are spread over the three masters', () => {
  it('a thousand keys land on every master, and conversation turns (multi-key scripts) run on it', async () => {
    const { urls } = await (cluster ??= startTestCluster());
    const store = await RedisStore.connectCluster(urls, createSilentLogger(), { prefix: `spread:${randomUUID()}:` });
    try {
      await store.setMany(Array.from({ length: 1000 }, (_, index) => [`registry:${index}`, String(index)] as const));
      expect(await store.getMany(['registry:0', 'registry:999', 'registry:none'])).toEqual(['0', '999', null]);
      expect((await store.keysWithPrefix('registry:')).length).toBe(1000);
      const perNode = await Promise.all(
        urls.map(async (url) => {
          const node = createClient({ url });
          await node.connect();
          const size = Number(await node.sendCommand(['DBSIZE']));
          await node.close();
          return size;
        }),
      );
      expect(perNode.every((size) => size > 100)).toBe(true);

      // Turns of many conversations: claim + read and compare-and-set + transcript append are
      // multi-key scripts, possible on a cluster because a conversation's keys share a hash tag.
      const { core, user } = createTestCore({ store });
      for (let index = 0; index < 20; index += 1) {
        const guest = user(`guest-${index}`);
        expect((await guest.say('hello')).length).toBeGreaterThan(0);
        expect((await guest.say('menu')).length).toBeGreaterThan(0);
        expect((await core.transcript(`web:guest-${index}`)).filter((entry) => entry.from === 'customer').map((entry) => entry.text)).toEqual(['hello', 'menu']);
      }
    } finally {
      await store.close();
    }
  });
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
