import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ConversationTarget, OutboundMessage } from '../../src/core/types.js';
import { ChannelSendError } from '../../src/errors.js';
import { SLA_TIMERS_KEY } from '../../src/handoff/sla-timers.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
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
