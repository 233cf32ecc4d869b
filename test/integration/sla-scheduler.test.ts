import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SlaScheduler, type SlaNotice } from '../../src/handoff/sla-scheduler.js';
import { SLA_TIMERS_KEY } from '../../src/handoff/sla-timers.js';
import { createWebhookSender, signBody } from '../../src/handoff/sla-webhook.js';
import { TICKET_EVENTS_CHANNEL, type TicketEvent } from '../../src/handoff/ticket-types.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { TestClock } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

const HOUR = 3_600_000;
const SECRET = 'test-webhook-secret';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const task of cleanup.splice(0).reverse()) await task();
});

async function redis(prefix: string): Promise<RedisStore> {
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  cleanup.push(() => store.close());
  return store;
}

interface Received {
  body: string;
  signature: string | undefined;
}

/** A webhook receiver on 127.0.0.1 that answers with the given statuses in turn (then 200). */
async function webhookReceiver(statuses: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ body, signature: request.headers['x-lockcare-signature'] as string | undefined });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/sla`, received };
}

/** One LockCare process: its own Redis connection, ticket service and scheduler, on a shared clock. */
async function instance(prefix: string, clock: TestClock, env: Record<string, string> = {}) {
  const store = await redis(prefix);
  const harness = await createHandoffHarness({ store, clock, env });
  const events: TicketEvent[] = [];
  const unsubscribe = await store.subscribe(TICKET_EVENTS_CHANNEL, (message) => events.push(JSON.parse(message) as TicketEvent));
  cleanup.push(unsubscribe);
  return { ...harness, events };
}

const levels = (notices: SlaNotice[]) => notices.map((notice) => `${notice.ticket.id}:${notice.level}`);

describe('SLA timers in Redis', () => {
  it('warn at 50% and 80% and breach at 100%, once each, to the console and the signed webhook', async () => {
    const hook = await webhookReceiver();
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(`sla-${randomUUID()}:`, clock, { SLA_WEBHOOK_URL: hook.url, SLA_WEBHOOK_SECRET: SECRET });
    await a.user('guest-1').say('talk to a person');
    const tick = () => a.setup.scheduler.tick();

    clock.advance(12 * HOUR - 1);
    expect(await tick()).toEqual([]);
    clock.advance(1);
    expect(levels(await tick())).toEqual(['LC-000001:warn50']);
    expect(await tick()).toEqual([]);
    clock.advance(0.3 * 24 * HOUR);
    expect(levels(await tick())).toEqual(['LC-000001:warn80']);
    clock.advance(4.8 * HOUR);
    expect(levels(await tick())).toEqual(['LC-000001:breach']);
    clock.advance(48 * HOUR);
    expect(await tick()).toEqual([]);

    const ticket = await a.setup.tickets.get('LC-000001');
    expect(ticket?.slaFired).toEqual({ warn50: '2026-11-21T22:00:00.000Z', warn80: '2026-11-22T05:12:00.000Z', breach: '2026-11-22T10:00:00.000Z' });
    await expect.poll(() => a.events.filter((event) => event.type.startsWith('sla.')).map((event) => event.type)).toEqual(['sla.warn50', 'sla.warn80', 'sla.breach']);
    // Webhooks are delivered in the background: wait for them (a loaded machine is slower).
    await expect.poll(() => hook.received.length).toBe(4);
    expect(hook.received.map((request) => JSON.parse(request.body) as SlaNotice).map((notice) => [notice.event, notice.percent, notice.ticket.id])).toEqual([
      ['ticket.created', undefined, 'LC-000001'],
      ['sla.warning', 50, 'LC-000001'],
      ['sla.warning', 80, 'LC-000001'],
      ['sla.breach', 100, 'LC-000001'],
    ]);
    for (const request of hook.received) expect(request.signature).toBe(signBody(request.body, SECRET));
  });

  it('a restarted process (a new scheduler on the same Redis) fires what is left, and nothing twice', async () => {
    const prefix = `sla-${randomUUID()}:`;
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const before = await instance(prefix, clock);
    await before.user('guest-2').say('hablar con una persona');
    clock.advance(13 * HOUR);
    expect(levels(await before.setup.scheduler.tick())).toEqual(['LC-000001:warn50']);
    await before.setup.scheduler.stop();

    const after = await instance(prefix, clock);
    expect(await after.setup.scheduler.tick()).toEqual([]);
    clock.advance(12 * HOUR);
    expect(levels(await after.setup.scheduler.tick())).toEqual(['LC-000001:warn80', 'LC-000001:breach']);
    expect(await after.setup.scheduler.tick()).toEqual([]);
  });

  it('two scheduler instances against one Redis fire every notice exactly once between them', async () => {
    const prefix = `sla-${randomUUID()}:`;
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(prefix, clock);
    const b = await instance(prefix, clock);
    // Each harness numbers its messages m1, m2, …: give them unique platform ids, as real channels do.
    for (let n = 0; n < 15; n += 1) {
      await (n % 2 ? a : b).user(`guest-${n}`).say(n % 3 ? 'talk to a person' : 'emergency, guest locked in', { platformMessageId: randomUUID() });
    }
    expect(await a.setup.tickets.listOpen()).toHaveLength(15);
    clock.advance(25 * HOUR);
    const [fromA, fromB] = await Promise.all([a.setup.scheduler.tick(), b.setup.scheduler.tick()]);
    const fired = [...levels(fromA), ...levels(fromB)];
    expect(fired).toHaveLength(45);
    expect(new Set(fired).size).toBe(45);
    expect(await a.store.sortedAll(SLA_TIMERS_KEY)).toEqual([]);
  });

  it('the first human reply stops the clock: no warning fires after it', async () => {
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(`sla-${randomUUID()}:`, clock);
    await a.user('guest-3').say('talk to a person');
    clock.advance(11 * HOUR);
    await a.setup.desk.claim('LC-000001', 'maria');
    await a.setup.desk.reply('LC-000001', 'maria', 'On it.');
    clock.advance(30 * HOUR);
    expect(await a.setup.scheduler.tick()).toEqual([]);
    expect((await a.setup.tickets.get('LC-000001'))?.timeToFirstReplyMs).toBe(11 * HOUR);
  });

  it('a notice claimed by an instance that died before recording it still fires, once, after the lease', async () => {
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(`sla-${randomUUID()}:`, clock);
    await a.user('guest-5').say('talk to a person');
    const logger = createSilentLogger();
    clock.advance(12 * HOUR);
    // An instance that claims the timer and dies while recording the notice.
    const dying = Object.create(a.setup.tickets) as typeof a.setup.tickets;
    dying.update = () => Promise.reject(new Error('process killed'));
    const crashed = new SlaScheduler({ store: a.store, tickets: dying, clock, logger, pollMs: 1000, claimLeaseMs: 300 });
    expect(await crashed.tick()).toEqual([]);

    const survivor = new SlaScheduler({ store: a.store, tickets: a.setup.tickets, clock, logger, pollMs: 1000, claimLeaseMs: 300 });
    expect(await survivor.tick()).toEqual([]); // still the dead instance's, until its lease runs out
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(levels(await survivor.tick())).toEqual(['LC-000001:warn50']);
    expect(await survivor.tick()).toEqual([]);
  });

  it('a webhook that does not answer does not hold up the next poll', async () => {
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(`sla-${randomUUID()}:`, clock);
    await a.user('guest-6').say('talk to a person');
    const waiting: Array<() => void> = [];
    const delivered: string[] = [];
    const hanging = new SlaScheduler({
      store: a.store,
      tickets: a.setup.tickets,
      clock,
      logger: createSilentLogger(),
      pollMs: 1000,
      webhook: async (notice) => {
        await new Promise<void>((resolve) => waiting.push(resolve));
        delivered.push((notice as SlaNotice).level);
        return true;
      },
    });
    clock.advance(12 * HOUR);
    expect(levels(await hanging.tick())).toEqual(['LC-000001:warn50']);
    clock.advance(8 * HOUR);
    expect(levels(await hanging.tick())).toEqual(['LC-000001:warn80']);
    expect(delivered).toEqual([]);
    for (const resolve of waiting) resolve();
    await hanging.idle();
    expect(delivered).toEqual(['warn50', 'warn80']);
  });

  it('tells the webhook the moment a ticket opens (ticket.created), before any SLA time passes; urgent tickets marked urgent', async () => {
    const hook = await webhookReceiver();
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(`sla-${randomUUID()}:`, clock, { SLA_WEBHOOK_URL: hook.url, SLA_WEBHOOK_SECRET: SECRET });
    await a.user('guest-5').say('talk to a person');
    await a.user('guest-6').say('a guest is locked in the room 204');
    await a.setup.scheduler.idle();
    const notices = hook.received.map((request) => JSON.parse(request.body) as { event: string; urgent: boolean; at: string; ticket: { id: string; priority: string } });
    expect(notices.map((notice) => [notice.event, notice.ticket.id, notice.urgent, notice.ticket.priority])).toEqual([
      ['ticket.created', 'LC-000001', false, 'normal'],
      ['ticket.created', 'LC-000002', true, 'urgent'],
    ]);
    expect(notices[0]!.at).toBe('2026-11-21T10:00:00.000Z');
    for (const request of hook.received) expect(request.signature).toBe(signBody(request.body, SECRET));
  });

  it('retries a failing webhook with backoff and never throws when it is down', async () => {
    const hook = await webhookReceiver([500, 503]);
    const clock = new TestClock(new Date('2026-11-21T10:00:00Z'));
    const a = await instance(`sla-${randomUUID()}:`, clock);
    await a.user('guest-4').say('talk to a person');
    const logger = createSilentLogger();
    const retrying = new SlaScheduler({ store: a.store, tickets: a.setup.tickets, clock, logger, pollMs: 1000, webhook: createWebhookSender({ url: hook.url, secret: SECRET, logger, backoffMs: 5 }) });
    clock.advance(12 * HOUR);
    expect(levels(await retrying.tick())).toEqual(['LC-000001:warn50']);
    await retrying.idle();
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((request) => request.body)).size).toBe(1);

    const down = new SlaScheduler({ store: a.store, tickets: a.setup.tickets, clock, logger, pollMs: 1000, webhook: createWebhookSender({ url: 'http://127.0.0.1:9/sla', logger, backoffMs: 5, attempts: 2 }) });
    clock.advance(8 * HOUR);
    expect(levels(await down.tick())).toEqual(['LC-000001:warn80']);
  });
});
