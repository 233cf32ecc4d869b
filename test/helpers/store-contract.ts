import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

/**
 * What a store under test provides: the store, a second handle on the same data (another
 * connection for Redis, standing in for a second process), and a way to let time pass
 * (a real wait for Redis, an injected clock for MemoryStore).
 */
export interface StoreUnderTest {
  store: Store;
  peer: Store;
  elapse(ms: number): Promise<void>;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Compare-and-set with retry, as the core does it: read, change, write only if nobody wrote meanwhile. */
async function incrementJson(store: Store, key: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await store.getVersioned(key);
    const doc = current ? (JSON.parse(current.value) as { count: number; writers: number[] }) : { count: 0, writers: [] };
    doc.count += 1;
    // Let the other writers interleave between the read and the write.
    await delay(0);
    if ((await store.compareAndSet(key, current?.version ?? null, JSON.stringify(doc))) !== null) return attempt;
    if (attempt > 500) throw new Error('too many conflicts');
  }
}

/**
 * The one contract every Store implementation passes (run against MemoryStore, RedisStore and
 * RedisStore on a three-master Redis Cluster). The keys of one multi-key call share a hash tag
 * (`conv:{c}`, `dedupe:{c}:m1`), as the core's conversation keys do, so they live in one slot.
 */
export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.close();
    });

    it('compare-and-set creates, bumps the version, and refuses stale or absent expectations', async () => {
      expect(await store.getVersioned('doc')).toBeNull();
      expect(await store.compareAndSet('doc', 3, 'nope')).toBeNull();
      expect(await store.getVersioned('doc')).toBeNull();
      expect(await store.compareAndSet('doc', null, 'one')).toBe(1);
      expect(await store.getVersioned('doc')).toEqual({ value: 'one', version: 1 });
      expect(await store.compareAndSet('doc', null, 'again')).toBeNull();
      expect(await store.compareAndSet('doc', 1, 'two')).toBe(2);
      expect(await store.compareAndSet('doc', 1, 'stale')).toBeNull();
      expect(await store.getVersioned('doc')).toEqual({ value: 'two', version: 2 });
      expect(await store.get('doc')).toBe('two');
    });

    it('plain set bumps the version, so a compare-and-set based on the older read fails', async () => {
      await store.set('doc', 'a');
      const first = await store.getVersioned('doc');
      expect(first?.value).toBe('a');
      await store.set('doc', 'b');
      const second = await store.getVersioned('doc');
      expect(second!.version).toBeGreaterThan(first!.version);
      expect(await store.compareAndSet('doc', first!.version, 'c')).toBeNull();
      expect(await store.compareAndSet('doc', second!.version, 'c')).toBe(second!.version + 1);
      expect(await store.get('doc')).toBe('c');
    });

    it('50 concurrent writers on two connections incrementing one JSON counter lose no update', async () => {
      const attempts = await Promise.all(Array.from({ length: 50 }, (_, i) => incrementJson(i % 2 ? subject.peer : store, 'counter-doc')));
      const final = await store.getVersioned('counter-doc');
      expect(JSON.parse(final!.value).count).toBe(50);
      expect(final!.version).toBe(50);
      // The writers really did collide: without compare-and-set, updates would have been lost.
      expect(attempts.some((count) => count > 1)).toBe(true);
    });

    it('claimAndGetVersioned claims a key once and reads the state in the same call', async () => {
      const first = await store.claimAndGetVersioned('dedupe:{c}:m1', 60_000, 'conv:{c}');
      expect(first).toEqual({ claimed: true, current: null });
      await store.compareAndSet('conv:{c}', null, '{"turns":1}');
      const duplicate = await subject.peer.claimAndGetVersioned('dedupe:{c}:m1', 60_000, 'conv:{c}');
      expect(duplicate.claimed).toBe(false);
      expect(duplicate.current).toEqual({ value: '{"turns":1}', version: 1 });
      const next = await store.claimAndGetVersioned('dedupe:{c}:m2', 60_000, 'conv:{c}');
      expect(next).toEqual({ claimed: true, current: { value: '{"turns":1}', version: 1 } });
    });

    it('a claim expires after its TTL, so the same id can be claimed again', async () => {
      expect((await store.claimAndGetVersioned('dedupe:{c}:short', 400, 'conv:{c}')).claimed).toBe(true);
      expect((await store.claimAndGetVersioned('dedupe:{c}:short', 400, 'conv:{c}')).claimed).toBe(false);
      await subject.elapse(700);
      expect((await store.claimAndGetVersioned('dedupe:{c}:short', 400, 'conv:{c}')).claimed).toBe(true);
    });

    it('compareAndSetWithAppend appends only when the write succeeds, and caps the list', async () => {
      expect(await store.compareAndSetWithAppend('conv:{t}', null, 's1', { append: { listKey: 'log:{t}', items: ['a', 'b'], maxLength: 3 } })).toBe(1);
      expect(await store.compareAndSetWithAppend('conv:{t}', null, 'lost', { append: { listKey: 'log:{t}', items: ['x'], maxLength: 3 } })).toBeNull();
      expect(await store.listRange('log:{t}')).toEqual(['a', 'b']);
      expect(await store.compareAndSetWithAppend('conv:{t}', 1, 's2', { append: { listKey: 'log:{t}', items: ['c', 'd'], maxLength: 3 } })).toBe(2);
      expect(await store.listRange('log:{t}')).toEqual(['b', 'c', 'd']);
      expect(await store.compareAndSetWithAppend('conv:{t}', 2, 's3', { append: { listKey: 'log:{t}', items: [], maxLength: 3 } })).toBe(3);
      expect(await store.listRange('log:{t}')).toEqual(['b', 'c', 'd']);
      expect(await store.get('conv:{t}')).toBe('s3');
    });

    it('a transcript appended with the state expires with it, and listPush can set a TTL', async () => {
      await store.compareAndSetWithAppend('conv:{ttl}', null, 's1', { ttlMs: 400, append: { listKey: 'log:{ttl}', items: ['a'], maxLength: 10 } });
      await store.listPush('pushed', ['x', 'y'], 10, 400);
      await store.listPush('forever', 'z', 10);
      expect(await store.listRange('log:{ttl}')).toEqual(['a']);
      await subject.elapse(700);
      expect(await store.get('conv:{ttl}')).toBeNull();
      expect(await store.listRange('log:{ttl}')).toEqual([]);
      expect(await store.listRange('pushed')).toEqual([]);
      expect(await store.listRange('forever')).toEqual(['z']);
    });

    it('the end of a turn gives the message claim its full TTL, only when the state is saved', async () => {
      await store.claimAndGetVersioned('dedupe:{k}:kept', 400, 'conv:{k}');
      await store.claimAndGetVersioned('dedupe:{k}:lost', 400, 'conv:{k}');
      expect(await store.compareAndSetWithAppend('conv:{k}', null, 's1', { append: { listKey: 'log:{k}', items: ['a'], maxLength: 10 }, claim: { key: 'dedupe:{k}:kept', ttlMs: 60_000 } })).toBe(1);
      expect(await store.compareAndSetWithAppend('conv:{k}', null, 'x', { append: { listKey: 'log:{k}', items: ['b'], maxLength: 10 }, claim: { key: 'dedupe:{k}:lost', ttlMs: 60_000 } })).toBeNull();
      await subject.elapse(700);
      expect((await store.claimAndGetVersioned('dedupe:{k}:kept', 400, 'conv:{k}')).claimed).toBe(false);
      expect((await store.claimAndGetVersioned('dedupe:{k}:lost', 400, 'conv:{k}')).claimed).toBe(true);
    });

    it('a dedupe claim is visible to the rest of the API and can be released', async () => {
      expect((await store.claimAndGetVersioned('dedupe:{x}:seen', 60_000, 'conv:{x}')).claimed).toBe(true);
      expect(await store.setIfAbsent('dedupe:{x}:seen', 'again')).toBe(false);
      expect(await store.delete('dedupe:{x}:seen')).toBe(true);
      expect((await store.claimAndGetVersioned('dedupe:{x}:seen', 60_000, 'conv:{x}')).claimed).toBe(true);
    });

    it('setIfAbsent creates once and keeps the first value', async () => {
      expect(await store.setIfAbsent('lock', 'owner-1')).toBe(true);
      expect(await subject.peer.setIfAbsent('lock', 'owner-2')).toBe(false);
      expect(await store.get('lock')).toBe('owner-1');
      expect(await store.setIfAbsent('lease', 'x', 400)).toBe(true);
      await subject.elapse(700);
      expect(await store.setIfAbsent('lease', 'y', 400)).toBe(true);
      expect(await store.get('lease')).toBe('y');
    });

    it('values with a TTL disappear after it; a set without TTL clears the old one', async () => {
      await store.set('short', 'v', 400);
      await store.compareAndSet('short-cas', null, 'v', 400);
      await store.set('kept', 'v', 400);
      await store.set('kept', 'v2');
      const remaining = await store.ttl('short');
      expect(remaining).toBeGreaterThan(0);
      expect(remaining).toBeLessThanOrEqual(400);
      expect(await store.ttl('kept')).toBeNull();
      expect(await store.ttl('missing')).toBeNull();
      await subject.elapse(700);
      expect(await store.get('short')).toBeNull();
      expect(await store.getVersioned('short-cas')).toBeNull();
      expect(await store.ttl('short')).toBeNull();
      expect(await store.get('kept')).toBe('v2');
    });

    it('increment counts, and its TTL starts when the counter is created', async () => {
      expect(await store.increment('hits')).toBe(1);
      expect(await store.increment('hits', 2)).toBe(3);
      expect(await store.get('hits')).toBe('3');
      // Margins of hundreds of milliseconds: a busy machine must not expire the counter early.
      expect(await store.increment('window', 1, 600)).toBe(1);
      await subject.elapse(250);
      expect(await store.increment('window', 1, 600)).toBe(2);
      await subject.elapse(450);
      // 700 ms after creation: gone, even though it was incremented 450 ms ago.
      expect(await store.get('window')).toBeNull();
      expect(await store.increment('window', 1, 600)).toBe(1);
    });

    it('setMany and getMany handle thousands of keys in order', async () => {
      const entries = Array.from({ length: 2500 }, (_, i) => [`row:${i}`, `value-${i}`] as const);
      await store.setMany(entries);
      const values = await store.getMany(['row:0', 'row:missing', 'row:1999', 'row:2499']);
      expect(values).toEqual(['value-0', null, 'value-1999', 'value-2499']);
      const all = await subject.peer.getMany(entries.map(([key]) => key));
      expect(all).toEqual(entries.map(([, value]) => value));
      await store.setMany([['temp:1', 'a'], ['temp:2', 'b']], 400);
      await subject.elapse(700);
      expect(await store.getMany(['temp:1', 'temp:2', 'row:7'])).toEqual([null, null, 'value-7']);
    });

    it('delete reports whether the key existed, for values and lists alike', async () => {
      await store.set('gone', 'v');
      await store.listPush('gone-list', 'x');
      expect(await store.delete('gone')).toBe(true);
      expect(await store.delete('gone')).toBe(false);
      expect(await store.get('gone')).toBeNull();
      expect(await store.delete('gone-list')).toBe(true);
      expect(await store.listRange('gone-list')).toEqual([]);
    });

    it('deleteIfEquals and extendIfEquals act only for the holder of the value', async () => {
      await store.set('lock', 'me', 400);
      expect(await subject.peer.deleteIfEquals('lock', 'someone-else')).toBe(false);
      expect(await subject.peer.extendIfEquals('lock', 'someone-else', 10_000)).toBe(false);
      expect(await store.get('lock')).toBe('me');
      expect(await store.extendIfEquals('lock', 'me', 10_000)).toBe(true);
      await subject.elapse(700);
      expect(await store.get('lock')).toBe('me');
      expect(await store.deleteIfEquals('lock', 'me')).toBe(true);
      expect(await store.get('lock')).toBeNull();
      expect(await store.extendIfEquals('lock', 'me', 1000)).toBe(false);
      expect(await store.deleteIfEquals('lock', 'me')).toBe(false);
    });

    it('sorted sets order by score, then member, and filter by maximum score', async () => {
      await store.sortedAdd('timers', 'c', 3);
      await store.sortedAdd('timers', 'a', 1);
      await store.sortedAdd('timers', 'd', 5.5);
      await store.sortedAdd('timers', 'b', 2);
      await store.sortedAdd('timers', 'a2', 1);
      expect((await store.sortedAll('timers')).map((item) => item.member)).toEqual(['a', 'a2', 'b', 'c', 'd']);
      expect(await store.sortedRangeByScore('timers', 2)).toEqual([
        { member: 'a', score: 1 },
        { member: 'a2', score: 1 },
        { member: 'b', score: 2 },
      ]);
      expect(await store.sortedRangeByScore('timers', Infinity, 2)).toEqual([
        { member: 'a', score: 1 },
        { member: 'a2', score: 1 },
      ]);
      expect(await store.sortedScore('timers', 'd')).toBe(5.5);
      expect(await store.sortedScore('timers', 'zz')).toBeNull();
      await store.sortedAdd('timers', 'a', 10);
      expect((await store.sortedAll('timers')).map((item) => item.member)).toEqual(['a2', 'b', 'c', 'd', 'a']);
      expect(await store.sortedAll('no-timers')).toEqual([]);
    });

    it('sortedRemove lets exactly one of many concurrent callers claim a member', async () => {
      await store.sortedAdd('due', 'timer-1', Date.now());
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? subject.peer : store).sortedRemove('due', 'timer-1')));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.sortedScore('due', 'timer-1')).toBeNull();
      expect(await store.sortedRemove('due', 'timer-1')).toBe(false);
    });

    it('lists keep the newest items at the end and respect the cap', async () => {
      await store.listPush('recent', 'one');
      await store.listPush('recent', ['two', 'three']);
      expect(await store.listRange('recent')).toEqual(['one', 'two', 'three']);
      await store.listPush('recent', ['four', 'five'], 4);
      expect(await store.listRange('recent')).toEqual(['two', 'three', 'four', 'five']);
      expect(await store.listRange('recent', -2, -1)).toEqual(['four', 'five']);
      expect(await store.listRange('recent', 1, 2)).toEqual(['three', 'four']);
      expect(await store.listRange('empty')).toEqual([]);
    });

    it('values and list items come back exactly, whatever they hold (separators, digits, empty, other scripts)', async () => {
      const texts = ['', '12:34;5', ';;', '3:abc', 'الباب ما يفتح 305', '锁打不开 🔒', 'line\nbreak', '0'];
      for (const [index, text] of texts.entries()) await store.set(`text:${index}`, text);
      expect(await store.getMany(texts.map((_, index) => `text:${index}`))).toEqual(texts);
      await store.listPush('texts', texts.slice(0, 4));
      await store.listPush('texts', texts.slice(4), 6);
      expect(await store.listRange('texts')).toEqual(texts.slice(2));
      expect(await store.listRange('texts', -3, -2)).toEqual(texts.slice(5, 7));
      expect(await store.compareAndSet('text:1', 1, 'v2;1;x')).toBe(2);
      expect(await store.getVersioned('text:1')).toEqual({ value: 'v2;1;x', version: 2 });
      await store.listPush('texts', ['', ''], 2);
      expect(await store.listRange('texts')).toEqual(['', '']);
    });

    it('sets hold each member once', async () => {
      await store.setAdd('open', 't1');
      await store.setAdd('open', 't2');
      await store.setAdd('open', 't1');
      expect((await subject.peer.setMembers('open')).sort()).toEqual(['t1', 't2']);
      expect(await store.setRemove('open', 't1')).toBe(true);
      expect(await store.setRemove('open', 't1')).toBe(false);
      expect(await store.setMembers('open')).toEqual(['t2']);
      expect(await store.setMembers('none')).toEqual([]);
    });

    it('pub/sub delivers to subscribers on another connection until they unsubscribe', async () => {
      const received: string[] = [];
      const other: string[] = [];
      let signal: () => void = () => undefined;
      const unsubscribe = await subject.peer.subscribe('console', (message) => received.push(message));
      await subject.peer.subscribe('console-other', (message) => {
        other.push(message);
        signal();
      });
      const first = new Promise<void>((resolve) => (signal = resolve));
      expect(await store.publish('console', 'hello')).toBe(1);
      await store.publish('console-other', 'marker-1');
      await first;
      expect(received).toEqual(['hello']);
      await unsubscribe();
      const second = new Promise<void>((resolve) => (signal = resolve));
      // Publish says how many subscribers heard it: none now (the outbox relies on this).
      expect(await store.publish('console', 'after-unsubscribe')).toBe(0);
      await store.publish('console-other', 'marker-2');
      await second;
      expect(received).toEqual(['hello']);
      expect(other).toEqual(['marker-1', 'marker-2']);
    });

    it('keysWithPrefix finds live keys of every kind under a prefix, and not expired or other ones', async () => {
      await store.set('person:{a}:state', '{}');
      await store.listPush('person:{a}:transcript', ['hi']);
      await store.setAdd('person:{a}:set', 'x');
      await store.sortedAdd('person:{a}:timers', 'm', 1);
      await store.claimAndGetVersioned('person:{a}:claim', 60_000, 'person:{a}:state');
      await store.set('person:{a}:brief', '1', 200);
      await store.set('person:ab', '1');
      await store.set('person:*:literal', '1');
      await store.set('other:a', '1');
      await subject.elapse(500);
      expect((await subject.peer.keysWithPrefix('person:{a}:')).sort()).toEqual(['person:{a}:claim', 'person:{a}:set', 'person:{a}:state', 'person:{a}:timers', 'person:{a}:transcript']);
      // Glob characters in the prefix are literal.
      expect(await store.keysWithPrefix('person:*')).toEqual(['person:*:literal']);
      expect(await store.keysWithPrefix('nobody:')).toEqual([]);
    });

    it('ping answers true while the store is reachable', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
