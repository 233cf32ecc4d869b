import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WHATSAPP_LEASE_KEY } from '../../src/channels/whatsapp/whatsapp-channel.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { loadFixture, messageFrom } from '../fixtures/whatsapp/fake-whatsapp-client.js';
import { createWhatsappHarness } from '../helpers/whatsapp-harness.js';

/** A process's view of the shared store that can be cut off, as when the process freezes or loses the network. */
function cuttable(store: Store): { store: Store; cut: () => void } {
  let cut = false;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (cut ? Promise.reject(new Error('connection lost')) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { store: proxy, cut: () => (cut = true) };
}

describe('only one process runs the WhatsApp client (lease in the store)', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('the second process stands by, and takes over within a minute when the holder dies', async () => {
    const shared = new MemoryStore();
    const first = cuttable(shared);
    const a = await createWhatsappHarness({ store: first.store, options: { holderId: 'process-a' } });
    const b = await createWhatsappHarness({ store: shared, options: { holderId: 'process-b' } });
    await a.channel.start();
    await b.channel.start();
    expect(a.channel.state).toBe('connected');
    expect(b.channel.state).toBe('standby');
    expect(b.fake.clients).toHaveLength(0);
    expect(await shared.get(WHATSAPP_LEASE_KEY)).toBe('process-a');

    // Still renewed after several TTLs while the holder lives.
    await vi.advanceTimersByTimeAsync(95_000);
    expect(b.fake.clients).toHaveLength(0);

    first.cut();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await shared.get(WHATSAPP_LEASE_KEY)).toBe('process-b');
    expect(b.channel.state).toBe('connected');
    expect(b.fake.clients).toHaveLength(1);
    // The old holder noticed it lost the lease and stopped its client.
    expect(a.fake.latest().destroyed).toBe(true);
    expect(a.channel.state).toBe('standby');

    b.fake.latest().receive(messageFrom(loadFixture('text'), { body: 'hola' }));
    await b.channel.idle();
    expect(b.fake.latest().sent.length).toBeGreaterThan(0);

    await b.channel.stop();
    expect(await shared.get(WHATSAPP_LEASE_KEY)).toBeNull();
    await a.channel.stop();
  });

  it('a graceful stop frees the lease at once for the standby process', async () => {
    const shared = new MemoryStore();
    const a = await createWhatsappHarness({ store: shared, options: { holderId: 'process-a' } });
    const b = await createWhatsappHarness({ store: shared, options: { holderId: 'process-b' } });
    await a.channel.start();
    await b.channel.start();
    await a.channel.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.channel.state).toBe('connected');
    await b.channel.stop();
  });

  it('an agent reply accepted by the standby process is sent by the holder', async () => {
    const shared = new MemoryStore();
    const a = await createWhatsappHarness({ store: shared, options: { holderId: 'process-a' } });
    const b = await createWhatsappHarness({ store: shared, options: { holderId: 'process-b' } });
    await a.channel.start();
    await b.channel.start();
    a.fake.latest().receive(messageFrom(loadFixture('text'), { body: 'hola' }));
    await a.channel.idle();
    const before = a.fake.latest().sent.length;
    await b.channel.send({ channel: 'whatsapp', conversationId: '34612345678@c.us', reference: { chatId: '34612345678@c.us' } }, [
      { reply: { type: 'text', text: 'Ya lo reviso.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Lucía' } },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.fake.latest().sent.slice(before)).toEqual([{ chatId: '34612345678@c.us', content: 'Lucía: Ya lo reviso.' }]);
    await a.channel.stop();
    await b.channel.stop();
  });
});
