import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationCore } from '../../src/core/conversation-core.js';
import { turnRetryId } from '../../src/core/send-retry.js';
import type { ChannelAdapter, ConversationTarget, OutboundMessage } from '../../src/core/types.js';
import { ChannelSendError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestCore, TestClock } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

/**
 * A WeChat-like channel that fails its first `failures` sends (logged out at that instant) and
 * then delivers. One instance stands for the platform: every "process" sends through it.
 */
function flakyChannel(failures: number) {
  const delivered: Array<{ conversationId: string; texts: string[] }> = [];
  let calls = 0;
  const adapter: ChannelAdapter = {
    name: 'wechat',
    capabilities: { choices: false, media: false, maxTextLength: 2000, proactive: true },
    async send(target: ConversationTarget, messages: OutboundMessage[]) {
      calls += 1;
      if (calls <= failures) throw new ChannelSendError('wechat', new Error('WeChat is not logged in'));
      delivered.push({ conversationId: target.conversationId, texts: messages.map((message) => ('text' in message.reply ? (message.reply.text ?? '') : '')) });
    },
  };
  return { adapter, delivered, calls: () => calls };
}

const botText = (text: string): OutboundMessage => ({ reply: { type: 'text', text }, language: 'en', dir: 'ltr', author: { kind: 'bot' } });

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close().catch(() => undefined);
});

/** One LockCare "process": its own Redis connection and core, running the channel. */
async function processOn(prefix: string, clock: TestClock, adapter: ChannelAdapter): Promise<ConversationCore> {
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  opened.push(store);
  const { core } = createTestCore({ store, clock, channel: 'wechat' });
  core.registerChannel(adapter);
  return core;
}

describe('failed channel sends are queued in the store and retried', () => {
  it('a reply to a channel that fails twice then succeeds is delivered once, whichever of three processes polls', async () => {
    const prefix = `retry-${randomUUID()}:`;
    const clock = new TestClock(new Date());
    const channel = flakyChannel(2);
    const processes = await Promise.all([1, 2, 3].map(() => processOn(prefix, clock, channel.adapter)));
    const [first] = processes;

    // The turn's send failed at that instant (failure 1): the channel hands its replies to the queue.
    const message = { channel: 'wechat' as const, conversationId: 'wxid_guest', platformMessageId: 'msg-1' };
    const target = { channel: 'wechat' as const, conversationId: 'wxid_guest' };
    await expect(channel.adapter.send(target, [botText('Hello')])).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    expect(await first!.sendLater(target, [botText('Hello'), botText('How can I help?')], new Error('logged out'), { id: turnRetryId(message) })).toBe(true);
    // The same reply queued again (a second process, a re-run) is kept once.
    expect(await processes[2]!.sendLater(target, [botText('Hello'), botText('How can I help?')], new Error('logged out'), { id: turnRetryId(message) })).toBe(false);
    expect(await first!.retries.pendingCount()).toBe(1);

    // Not due yet: nothing is attempted.
    expect((await Promise.all(processes.map((core) => core.retries.tick()))).flatMap((tick) => [...tick.delivered, ...tick.failed])).toEqual([]);
    expect(channel.calls()).toBe(1);

    // Due: all three poll at once; one claims it and fails (failure 2), backing off.
    clock.advance(5_000);
    let ticks = await Promise.all(processes.map((core) => core.retries.tick()));
    expect(ticks.flatMap((tick) => tick.failed).map((item) => item.attempts)).toEqual([2]);
    expect(channel.calls()).toBe(2);
    clock.advance(5_000);
    ticks = await Promise.all(processes.map((core) => core.retries.tick()));
    expect(ticks.flatMap((tick) => tick.failed)).toEqual([]); // the backoff doubled: 10 s
    clock.advance(5_000);
    ticks = await Promise.all(processes.map((core) => core.retries.tick()));
    expect(ticks.flatMap((tick) => tick.delivered)).toHaveLength(1);
    expect(channel.delivered).toEqual([{ conversationId: 'wxid_guest', texts: ['Hello', 'How can I help?'] }]);
    expect(await first!.retries.pendingCount()).toBe(0);

    // Later polls and a late enqueue of the same reply send nothing more.
    clock.advance(3_600_000);
    await Promise.all(processes.map((core) => core.retries.tick()));
    expect(await first!.sendLater(target, [botText('Hello')], new Error('logged out'), { id: turnRetryId(message) })).toBe(false);
    expect(channel.delivered).toHaveLength(1);
    expect(channel.calls()).toBe(3);
  });

  it('survives a restart: a reply queued by a process that then stopped is delivered by a new one', async () => {
    const prefix = `retry-${randomUUID()}:`;
    const clock = new TestClock(new Date());
    const channel = flakyChannel(0);
    const before = await processOn(prefix, clock, channel.adapter);
    await before.sendLater({ channel: 'wechat', conversationId: 'wxid_a' }, [botText('Your ticket is LC-000007')], new Error('logged out'), { id: 'turn:a' });
    await opened.pop()!.close(); // the process goes away with the reply still queued

    const after = await processOn(prefix, clock, channel.adapter);
    expect(await after.retries.pendingCount()).toBe(1);
    clock.advance(5_000);
    expect((await after.retries.tick()).delivered.map((item) => item.id)).toEqual(['turn:a']);
    expect(channel.delivered).toEqual([{ conversationId: 'wxid_a', texts: ['Your ticket is LC-000007'] }]);
  });

  it('a process that does not run the channel leaves the reply for one that does', async () => {
    const prefix = `retry-${randomUUID()}:`;
    const clock = new TestClock(new Date());
    const channel = flakyChannel(0);
    const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
    opened.push(store);
    const consoleOnly = createTestCore({ store, clock }).core; // runs no WeChat
    await consoleOnly.sendLater({ channel: 'wechat', conversationId: 'wxid_b' }, [botText('Hi')], new Error('logged out'));
    clock.advance(60_000);
    expect(await consoleOnly.retries.tick()).toEqual({ delivered: [], failed: [], expired: [] });
    const wechatProcess = await processOn(prefix, clock, channel.adapter);
    expect((await wechatProcess.retries.tick()).delivered).toHaveLength(1);
    expect(channel.delivered).toHaveLength(1);
  });

  it('an agent reply the channel cannot take is queued with a note, and once it expires the ticket says it was not delivered', async () => {
    const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `retry-${randomUUID()}:` });
    opened.push(store);
    const clock = new TestClock(new Date());
    const { setup, core, translator } = await createHandoffHarness({ store, clock });
    const channel = flakyChannel(Number.POSITIVE_INFINITY);
    core.registerChannel(channel.adapter);
    await setup.start!();
    opened.push({ close: () => setup.stop!() });

    const customer = await core.handle({ channel: 'wechat', conversationId: 'wxid_c', user: { id: 'wxid_c' }, platformMessageId: 'w1', content: { type: 'text', text: 'talk to a person' } });
    expect(customer.outbound.length).toBeGreaterThan(0);
    const ticketId = (await setup.tickets.findOpen('wechat:wxid_c'))!.id;
    await setup.desk.claim(ticketId, 'maria');
    const { ticket: replied } = await setup.desk.reply(ticketId, 'maria', 'Please replace the batteries.');
    expect(replied.notes.map((note) => note.text)).toEqual([expect.stringContaining('Not delivered yet: wechat could not take this message')]);
    expect(await core.retries.pendingCount()).toBe(1);
    // Not in the transcript until the channel takes it.
    expect((await core.transcript('wechat:wxid_c')).map((entry) => entry.text)).not.toContain('Please replace the batteries.');

    // Retried with backoff (up to every 10 minutes) for the 24 hours OUTBOUND_RETRY_HOURS allows by default, then given up.
    let attempts = 0;
    for (let step = 0; step <= 24 * 6 + 1; step += 1) {
      clock.advance(10 * 60_000);
      const tick = await core.retries.tick();
      attempts += tick.failed.length;
      if (tick.expired.length > 0) break;
    }
    expect(attempts).toBeGreaterThan(100);
    expect(await core.retries.pendingCount()).toBe(0);
    const ticket = await setup.tickets.get(ticketId);
    expect(ticket!.notes.at(-1)).toMatchObject({
      author: 'LockCare',
      text: translator.t('en', 'handoff.delivery.failed', { count: 1, channel: 'wechat', attempts: attempts + 1, reason: 'Could not send on channel wechat' }),
    });
    expect(channel.delivered).toEqual([]);
  });
});
