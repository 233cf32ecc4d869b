import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelSupervisor } from '../../src/channels/channel-supervisor.js';
import { createSilentLogger } from '../../src/logger.js';
import { FakeWhatsappClient, fakeClientFactory, loadFixture, messageFrom } from '../fixtures/whatsapp/fake-whatsapp-client.js';
import { createWhatsappHarness } from '../helpers/whatsapp-harness.js';

describe("WhatsApp reconnects after 'disconnected' with backoff", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('destroys the old client and starts a new one after 1 s, then 2 s, then 4 s', async () => {
    const { channel, fake } = await createWhatsappHarness({ options: { reconnect: { initialMs: 1000, maxMs: 60_000 } } });
    await channel.start();
    for (const [attempt, delay] of [[1, 1000], [2, 2000], [3, 4000]] as const) {
      const old = fake.latest();
      old.emit('disconnected', 'NAVIGATION');
      await vi.advanceTimersByTimeAsync(0);
      expect(old.destroyed).toBe(true);
      expect(channel.state).toBe('reconnecting');
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(fake.clients).toHaveLength(attempt);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.clients).toHaveLength(attempt + 1);
      expect(channel.state).toBe('connected');
    }
    // The new client answers customers; the old one is not used.
    fake.latest().receive(messageFrom(loadFixture('text'), { body: 'hola' }));
    await channel.idle();
    expect(fake.latest().sent.length).toBeGreaterThan(0);
    expect(fake.clients[0]!.sent).toEqual([]);
    await channel.stop();
  });

  it('keeps retrying with growing delays while the client cannot start', async () => {
    let failing = true;
    const clients: FakeWhatsappClient[] = [];
    const { channel } = await createWhatsappHarness({
      options: {
        reconnect: { initialMs: 1000, maxMs: 60_000 },
        createClient: async () => {
          const client = new FakeWhatsappClient(failing ? { failInitialize: new Error('net::ERR_NAME_NOT_RESOLVED') } : {});
          clients.push(client);
          return client;
        },
      },
    });
    failing = false;
    await channel.start();
    failing = true;
    clients[0]!.emit('disconnected', 'CONFLICT');
    await vi.advanceTimersByTimeAsync(1000);
    expect(clients).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(clients).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(clients).toHaveLength(3);
    failing = false;
    await vi.advanceTimersByTimeAsync(4000);
    expect(clients).toHaveLength(4);
    expect(channel.state).toBe('connected');
    await channel.stop();
  });

  it('with the supervisor attached, /readyz-style status shows "retrying" until the client is back', async () => {
    const fake = fakeClientFactory();
    const { setup, channel } = await createWhatsappHarness({ fake, options: { reconnect: { initialMs: 5000, maxMs: 60_000 } } });
    const supervisor = new ChannelSupervisor(createSilentLogger());
    supervisor.add('whatsapp', setup);
    setup.attachFailureReporter((error) => supervisor.reportFailure('whatsapp', error));
    await supervisor.startAll();
    expect(supervisor.status().whatsapp).toMatchObject({ status: 'up' });
    fake.latest().emit('disconnected', 'LOGOUT');
    await vi.advanceTimersByTimeAsync(0);
    expect(supervisor.status().whatsapp).toMatchObject({ status: 'retrying', lastError: 'WhatsApp disconnected: LOGOUT' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(supervisor.status().whatsapp).toMatchObject({ status: 'up' });
    expect(fake.clients).toHaveLength(2);
    expect(channel.state).toBe('connected');
    await supervisor.stopAll();
    expect(fake.latest().destroyed).toBe(true);
  });
});
