import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.js';
import { createSilentLogger } from '../../src/logger.js';
import { TestClock } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';
import type { NewTicket } from '../../src/handoff/ticket-service.js';

const stores: RedisStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function processOn(prefix: string, clock: TestClock) {
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  stores.push(store);
  return createHandoffHarness({ store, clock });
}

const request = (conversationId: string, n: number): NewTicket => ({
  channel: 'whatsapp',
  conversationId,
  conversationKey: `whatsapp:${conversationId}`,
  language: 'en',
  priority: 'normal',
  reason: 'user-request',
  customer: { id: conversationId, phone: '+971500000000' },
  facts: {},
  lastMessages: [],
  sourceMessageId: `whatsapp:${n}`,
});

describe('tickets on Redis across processes', () => {
  it('one open ticket per conversation even when two processes escalate it at the same moment', async () => {
    const prefix = `handoff-${randomUUID()}:`;
    const clock = new TestClock();
    const [a, b] = [await processOn(prefix, clock), await processOn(prefix, clock)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 ? a : b).setup.tickets.create(request('same-chat', n))));
    expect(new Set(results.map((result) => result.ticket.id))).toEqual(new Set(['LC-000001']));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect((await b.setup.tickets.listOpen()).map((ticket) => ticket.id)).toEqual(['LC-000001']);
  });

  it('numbers tickets from one counter shared by every process, and a closed ticket lets a new one open', async () => {
    const prefix = `handoff-${randomUUID()}:`;
    const clock = new TestClock();
    const [a, b] = [await processOn(prefix, clock), await processOn(prefix, clock)];
    const first = await a.setup.tickets.create(request('chat-1', 1));
    const second = await b.setup.tickets.create(request('chat-2', 2));
    expect([first.ticket.id, second.ticket.id]).toEqual(['LC-000001', 'LC-000002']);
    await b.setup.tickets.update('LC-000001', (ticket) => void (ticket.status = 'resolved'));
    const again = await a.setup.tickets.create(request('chat-1', 3));
    expect(again).toMatchObject({ created: true, ticket: { id: 'LC-000003', status: 'open' } });
  });
});
