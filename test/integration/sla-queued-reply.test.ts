import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ConversationTarget, OutboundMessage } from '../../src/core/types.js';
import { ChannelSendError } from '../../src/errors.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { SLA_TIMERS_KEY } from '../../src/handoff/sla-timers.js';
import { createSilentLogger } from '../../src/logger.js';
import type { Report } from '../../src/reports/report-query.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestApp } from '../helpers/app-harness.js';
import { TestClock } from '../helpers/core-harness.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';
import { testRedisUrl } from '../helpers/redis.js';

/**
 * Issue 9: an agent's reply the channel could not take (queued for retry) must not stop the SLA
 * clock. The customer has got nothing yet: warnings and the breach still fire, and the first reply
 * is the moment the retry queue actually delivers it.
 */
const HOUR = 3_600_000;
const START = '2026-11-21T10:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(START) + hours * HOUR).toISOString();

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const task of cleanup.splice(0).reverse()) await task();
});

/** A WeChat-like channel that is logged out (every send fails) while `down` is true. */
function switchableChannel() {
  const channel = {
    down: false,
    delivered: [] as Array<{ conversationId: string; texts: string[] }>,
    adapter: {
      name: 'wechat',
      capabilities: { choices: false, media: false, maxTextLength: 2000, proactive: true },
      async send(target: ConversationTarget, messages: OutboundMessage[]) {
        if (channel.down) throw new ChannelSendError('wechat', new Error('WeChat is not logged in'));
        channel.delivered.push({ conversationId: target.conversationId, texts: messages.map((message) => ('text' in message.reply ? (message.reply.text ?? '') : '')) });
      },
    } satisfies ChannelAdapter,
  };
  return channel;
}

/** One process on a real Redis with the handoff feature started, a WeChat channel and a ticket opened at START. */
async function openTicket() {
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `slaq-${randomUUID()}:` });
  cleanup.push(() => store.close());
  const clock = new TestClock(new Date(START));
  // Background polls would race the test's own ticks: only the test moves the clock and polls.
  const harness = await createHandoffHarness({ store, clock, env: { SLA_POLL_MS: '3600000' } });
  const channel = switchableChannel();
  harness.core.registerChannel(channel.adapter);
  await harness.setup.start!();
  cleanup.push(() => harness.setup.stop!());
  await harness.core.handle({ channel: 'wechat', conversationId: 'wxid_hotel', user: { id: 'wxid_hotel' }, platformMessageId: 'w1', content: { type: 'text', text: 'talk to a person' } });
  const ticket = (await harness.setup.tickets.findOpen('wechat:wxid_hotel'))!;
  expect(ticket.createdAt).toBe(START);
  expect(ticket.dueAt).toBe(at(24));
  const timers = async () => (await store.sortedAll(SLA_TIMERS_KEY)).map((entry) => entry.member).filter((member) => member.startsWith(`${ticket.id}:`)).sort();
  return { ...harness, channel, ticketId: ticket.id, timers };
}

describe('SLA clock and queued agent replies', () => {
  it('channel fails → reply queued → the 50% warning still fires → the retry delivers → first reply = delivery time, clock stopped', async () => {
    const { setup, core, clock, channel, ticketId, timers, translator } = await openTicket();
    await setup.desk.claim(ticketId, 'maria');

    clock.set(new Date(at(2)));
    channel.down = true;
    const { ticket: replied } = await setup.desk.reply(ticketId, 'maria', 'Please replace the four AA batteries.');
    // Queued: the ticket says so, and the clock runs on.
    expect(replied.firstReplyAt).toBeUndefined();
    expect(replied.timeToFirstReplyMs).toBeUndefined();
    expect(replied.queuedReplies).toEqual([{ retryId: expect.stringMatching(new RegExp(`^agent-reply:${ticketId}:`)), by: 'maria', at: at(2), until: at(26) }]);
    expect(setup.tickets.summarize(replied)).toMatchObject({ replyQueuedAt: at(2), firstReplyAt: null, timeLeftMs: 22 * HOUR });
    expect(replied.notes.map((note) => note.text)).toEqual([expect.stringContaining('Not delivered yet: wechat could not take this message')]);
    expect(await timers()).toEqual([`${ticketId}:breach`, `${ticketId}:warn50`, `${ticketId}:warn80`]);
    // The customer asks again meanwhile: the agent still owns the conversation, as after any reply.
    const again = await core.handle({ channel: 'wechat', conversationId: 'wxid_hotel', user: { id: 'wxid_hotel' }, platformMessageId: 'w2', content: { type: 'text', text: 'talk to a person' } });
    expect(again.outbound.map((message) => ('text' in message.reply ? message.reply.text : ''))).toEqual([translator.t('en', 'handoff.alreadyOpenAgent', { ticket: ticketId })]);
    expect((await core.getState('wechat:wxid_hotel'))?.mode).toBe('agent');
    const detail = await setup.desk.detail(ticketId);
    expect(detail).toMatchObject({ replyQueuedAt: at(2), firstReplyAt: null, timeToFirstReplyMs: null, queuedReplies: [expect.objectContaining({ by: 'maria', at: at(2) })] });

    // WeChat stays logged out: retries fail, and at 50% of the 24 hours the warning fires.
    clock.set(new Date(at(12)));
    expect((await core.retries.tick()).failed).toHaveLength(1);
    expect((await setup.scheduler.tick()).map((notice) => `${notice.ticket.id}:${notice.level}`)).toEqual([`${ticketId}:warn50`]);
    expect((await setup.tickets.get(ticketId))!.slaFired).toEqual({ warn50: at(12) });

    // WeChat is back at 13 h: the next retry delivers, and that is the first reply.
    channel.down = false;
    clock.set(new Date(at(13)));
    expect((await core.retries.tick()).delivered).toHaveLength(1);
    expect(channel.delivered).toEqual([{ conversationId: 'wxid_hotel', texts: ['Please replace the four AA batteries.'] }]);
    const delivered = (await setup.tickets.get(ticketId))!;
    expect(delivered).toMatchObject({ firstReplyAt: at(13), firstReplyBy: 'maria', timeToFirstReplyMs: 13 * HOUR, lastAgentReplyAt: at(2) });
    expect(delivered.queuedReplies).toBeUndefined();
    expect(setup.tickets.summarize(delivered)).toMatchObject({ replyQueuedAt: null, firstReplyAt: at(13), timeLeftMs: null });
    expect(delivered.notes.at(-1)).toMatchObject({ author: 'LockCare', text: translator.t('en', 'handoff.delivery.delivered', { channel: 'wechat', attempts: 3 }) });
    expect((await core.transcript('wechat:wxid_hotel')).filter((entry) => entry.from === 'agent').map((entry) => entry.text)).toEqual(['Please replace the four AA batteries.']);

    // The clock stopped at delivery: neither the 80% warning nor the breach fires.
    expect(await timers()).toEqual([]);
    clock.set(new Date(at(30)));
    expect(await setup.scheduler.tick()).toEqual([]);
    expect((await setup.tickets.get(ticketId))!.slaFired).toEqual({ warn50: at(12) });
  });

  it('a reply delivered at once stops the clock at once, as before: no queue mark, no note, no warning', async () => {
    const { setup, core, clock, channel, ticketId, timers } = await openTicket();
    await setup.desk.claim(ticketId, 'omar');
    clock.set(new Date(at(3)));
    const { ticket } = await setup.desk.reply(ticketId, 'omar', 'Hello, which lock model is it?');
    expect(ticket).toMatchObject({ firstReplyAt: at(3), firstReplyBy: 'omar', timeToFirstReplyMs: 3 * HOUR, notes: [] });
    expect(ticket.queuedReplies).toBeUndefined();
    expect(setup.tickets.summarize(ticket)).toMatchObject({ replyQueuedAt: null, timeLeftMs: null });
    expect(channel.delivered).toEqual([{ conversationId: 'wxid_hotel', texts: ['Hello, which lock model is it?'] }]);
    expect(await core.retries.pendingCount()).toBe(0);
    expect(await timers()).toEqual([]);
    clock.set(new Date(at(25)));
    expect(await setup.scheduler.tick()).toEqual([]);
  });

  it('a later reply delivered at once is the first reply; the earlier queued one keeps the mark until it is delivered', async () => {
    const { setup, core, clock, channel, ticketId } = await openTicket();
    await setup.desk.claim(ticketId, 'maria');
    clock.set(new Date(at(1)));
    channel.down = true;
    await setup.desk.reply(ticketId, 'maria', 'First try.');
    channel.down = false;
    clock.set(new Date(at(1.5)));
    const { ticket } = await setup.desk.reply(ticketId, 'maria', 'Second try.');
    expect(ticket).toMatchObject({ firstReplyAt: at(1.5), timeToFirstReplyMs: 1.5 * HOUR });
    expect(setup.tickets.summarize(ticket)).toMatchObject({ replyQueuedAt: at(1), timeLeftMs: null });
    clock.set(new Date(at(2)));
    expect((await core.retries.tick()).delivered).toHaveLength(1);
    const after = (await setup.tickets.get(ticketId))!;
    expect(after).toMatchObject({ firstReplyAt: at(1.5), timeToFirstReplyMs: 1.5 * HOUR });
    expect(after.queuedReplies).toBeUndefined();
  });

  it('a queued reply that expires undelivered leaves the clock running: the breach fires, and the ticket has no first reply', async () => {
    const { setup, core, clock, channel, ticketId, translator } = await openTicket();
    await setup.desk.claim(ticketId, 'maria');
    clock.set(new Date(at(1)));
    channel.down = true;
    await setup.desk.reply(ticketId, 'maria', 'Please check the strike plate.');
    // Retried every 10 minutes at most, for OUTBOUND_RETRY_HOURS (24) after it was queued, then given up.
    let attempts = 1;
    for (let step = 1; step <= 24 * 6 + 1; step += 1) {
      clock.set(new Date(at(1 + step / 6)));
      const tick = await core.retries.tick();
      attempts += tick.failed.length;
      if (tick.expired.length > 0) break;
    }
    const expired = (await setup.tickets.get(ticketId))!;
    expect(expired.queuedReplies).toBeUndefined();
    expect(expired.firstReplyAt).toBeUndefined();
    expect(expired.notes.at(-1)).toMatchObject({
      author: 'LockCare',
      text: translator.t('en', 'handoff.delivery.failed', { count: 1, channel: 'wechat', attempts, reason: 'Could not send on channel wechat' }),
    });
    expect(setup.tickets.summarize(expired).timeLeftMs).toBeLessThan(0);
    expect((await setup.scheduler.tick()).map((notice) => notice.level)).toEqual(['warn50', 'warn80', 'breach']);
    expect(channel.delivered).toEqual([]);
  });
});

describe('reports and the console API with queued replies', () => {
  it('count the delivery time as the first reply: in time when delivered in time, breached when delivered after the breach', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-slaq-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeAgentsFile(join(dir, 'agents.json'), [{ username: 'maria', role: 'agent', passwordHash: await hashPassword('maria-password-1') }]);
    const clock = new TestClock(new Date('2026-11-16T08:00:00Z'));
    const harness = await createTestApp(
      { AGENTS_FILE: join(dir, 'agents.json'), SLA_POLL_MS: '3600000', OUTBOUND_RETRY_POLL_MS: '3600000' },
      { clock, store: new MemoryStore(() => clock.now().getTime()) },
    );
    cleanup.push(() => harness.close());
    const channel = switchableChannel();
    harness.lockcare.core.registerChannel(channel.adapter);
    await harness.lockcare.start();
    const handoff = harness.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;

    const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', payload: { username: 'maria', password: 'maria-password-1' } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const get = (url: string) => harness.app.inject({ method: 'GET', url, headers: { cookie } });
    const post = (url: string, payload: unknown = {}) => harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const open = async (hotel: string, priority: 'normal' | 'urgent') =>
      (await handoff.tickets.create({ channel: 'wechat', conversationId: hotel, conversationKey: `wechat:${hotel}`, language: 'en', priority, reason: 'user-request', customer: { id: hotel }, facts: {}, lastMessages: [], sourceMessageId: `m-${hotel}` })).ticket.id;

    // Opened at 08:00: a normal ticket (due in 24 h) and an urgent one (due at 09:00).
    const normal = await open('wxid_normal', 'normal');
    const urgent = await open('wxid_urgent', 'urgent');
    // 08:30: WeChat is logged out; both replies are queued.
    clock.set(new Date('2026-11-16T08:30:00Z'));
    channel.down = true;
    for (const id of [normal, urgent]) {
      expect((await post(`/api/agent/tickets/${id}/claim`)).statusCode).toBe(200);
      const sent = await post(`/api/agent/tickets/${id}/messages`, { text: 'Please replace the batteries.' });
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json().ticket).toMatchObject({ replyQueuedAt: '2026-11-16T08:30:00.000Z', firstReplyAt: null });
      expect(sent.json().ticket.timeLeftMs).toBeGreaterThan(0);
    }
    const queue = (await get('/api/agent/tickets')).json() as { tickets: Array<{ id: string; replyQueuedAt: string | null; timeLeftMs: number | null }> };
    expect(queue.tickets.map(({ id, replyQueuedAt, timeLeftMs }) => ({ id, replyQueuedAt, timeLeftMs }))).toEqual([
      { id: urgent, replyQueuedAt: '2026-11-16T08:30:00.000Z', timeLeftMs: 0.5 * HOUR },
      { id: normal, replyQueuedAt: '2026-11-16T08:30:00.000Z', timeLeftMs: 23.5 * HOUR },
    ]);
    const detail = (await get(`/api/agent/tickets/${normal}`)).json() as { ticket: { queuedReplies: Array<{ by: string; at: string; until: string }> } };
    expect(detail.ticket.queuedReplies).toEqual([expect.objectContaining({ by: 'maria', at: '2026-11-16T08:30:00.000Z', until: '2026-11-17T08:30:00.000Z' })]);

    // 09:00: the urgent ticket breaches although a reply was written: the customer has none.
    clock.set(new Date('2026-11-16T09:00:00Z'));
    expect((await handoff.scheduler.tick()).filter((notice) => notice.ticket.id === urgent).map((notice) => notice.level)).toEqual(['warn50', 'warn80', 'breach']);
    // 10:00: WeChat is back; both replies are delivered now.
    channel.down = false;
    clock.set(new Date('2026-11-16T10:00:00Z'));
    expect((await harness.lockcare.core.retries.tick()).delivered).toHaveLength(2);
    const after = (await get('/api/agent/tickets')).json() as { tickets: Array<{ id: string; replyQueuedAt: string | null; firstReplyAt: string | null; timeLeftMs: number | null }> };
    for (const ticket of after.tickets) expect(ticket).toMatchObject({ replyQueuedAt: null, firstReplyAt: '2026-11-16T10:00:00.000Z', timeLeftMs: null });

    const report = (await get('/api/agent/reports?from=2026-11-16&to=2026-11-16')).json() as Report;
    expect(report.sla.total).toEqual({ within: 1, breached: 1, percentWithin: 50 });
    expect(report.sla.breaches.map((entry) => entry.ticket)).toEqual([urgent]);
    expect(report.sla.firstReply).toMatchObject({ count: 2, medianMs: 2 * HOUR, p90Ms: 2 * HOUR });
  });
});
