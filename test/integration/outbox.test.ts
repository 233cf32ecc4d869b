import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter, OutboundMessage } from '../../src/core/types.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestCore } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';

/** A WeChat-like adapter that records what it was asked to send. */
function recordingAdapter(): ChannelAdapter & { sent: OutboundMessage[][] } {
  const sent: OutboundMessage[][] = [];
  return {
    name: 'wechat',
    capabilities: { choices: false, media: false, maxTextLength: 2000, proactive: true },
    sent,
    async send(_target, messages) {
      sent.push(messages);
    },
  };
}

const reply: OutboundMessage = { reply: { type: 'text', text: '您好, soy Ana' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Ana' } };
const stores: RedisStore[] = [];

async function process(prefix: string) {
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  stores.push(store);
  return createTestCore({ store }).core;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('delivery to a channel that runs in another process', () => {
  it('an agent reply accepted by a process without the channel is sent once by a process that has it', async () => {
    const prefix = `outbox-${randomUUID()}:`;
    const [consoleProcess, wechatA, wechatB] = [await process(prefix), await process(prefix), await process(prefix)];
    const [adapterA, adapterB] = [recordingAdapter(), recordingAdapter()];
    wechatA.registerChannel(adapterA);
    wechatB.registerChannel(adapterB);
    await wechatA.listenForForwardedMessages();
    await wechatB.listenForForwardedMessages();

    await consoleProcess.deliver({ channel: 'wechat', conversationId: 'wxid_lucia' }, [reply]);
    await expect.poll(() => adapterA.sent.length + adapterB.sent.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(adapterA.sent.length + adapterB.sent.length).toBe(1);
    expect([...adapterA.sent, ...adapterB.sent][0]).toEqual([reply]);
    // The transcript keeps the reply, whichever process sent it.
    expect((await consoleProcess.transcript('wechat:wxid_lucia')).map((entry) => [entry.from, entry.text])).toEqual([['agent', '您好, soy Ana']]);
  });

  it('fails at once with E_CHANNEL_SEND when no process runs the channel, and records nothing', async () => {
    const consoleProcess = await process(`outbox-${randomUUID()}:`);
    await expect(consoleProcess.deliver({ channel: 'wechat', conversationId: 'wxid_x' }, [reply])).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    expect(await consoleProcess.transcript('wechat:wxid_x')).toEqual([]);
  });
});
