import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Wechaty } from 'wechaty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WechatChannelSetup } from '../../src/channels/wechat/wechat-channel.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { loginMockAccount, waitUntil } from '../fixtures/wechat/mock-wechat.js';
import { createTestApp } from '../helpers/app-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { labelsOf, realFaq, stepText } from '../helpers/faq-harness.js';

/** The real app (all features, Redis, CHANNELS=web,wechat) on the real Wechaty with wechaty-puppet-mock. */
const PASSWORD = 'lucia-password-1';
let dir: string;
let harness: Awaited<ReturnType<typeof createTestApp>>;
let bot: Wechaty | undefined;
let wechat: Awaited<ReturnType<typeof loginMockAccount>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-wechat-journey-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword(PASSWORD) }]);
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `wechat-journey-${randomUUID()}:` });
  harness = await createTestApp(
    { CHANNELS: 'web,wechat', WECHATY_PUPPET: 'wechaty-puppet-mock', OUTBOUND_MIN_INTERVAL_MS: '0', AGENTS_FILE: join(dir, 'agents.json') },
    { store },
  );
  await harness.lockcare.start();
  bot = (harness.lockcare.channels.get('wechat') as WechatChannelSetup).bot();
  wechat = await loginMockAccount(bot!, '王磊');
});
afterAll(async () => {
  try {
    await harness.close();
  } finally {
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The customer writes to the support account; returns everything the bot sent back for it. */
async function customerWrites(text: string): Promise<string[]> {
  const before = wechat.received.length;
  wechat.customer.say(text).to(wechat.account);
  await waitUntil(() => wechat.received.length > before, () => wechat.received);
  await (harness.lockcare.channels.get('wechat') as WechatChannelSetup).idle();
  return wechat.received.slice(before);
}

describe('WeChat journey: Spanish troubleshooting, a person, an agent reply on WeChat', () => {
  it('walks a step by number, escalates, and the agent reply reaches the contact', async () => {
    expect(harness.lockcare.supervisor.status().wechat).toMatchObject({ status: 'up' });
    const topic = (await realFaq()).topic('lock-no-response')!;
    const urgency = labelsOf(topic, 'es', 'urgency');

    const first = await customerWrites('la cerradura no hace nada, ni luz ni sonido');
    expect(first.at(-1)).toBe(`${stepText(topic, 'es', 'urgency')}\n\n${urgency.map((label, index) => `${index + 1}. ${label}`).join('\n')}`);

    // The puppet delivers the same message again: no second reply (checked after the next answer).
    const countBefore = wechat.received.length;
    wechat.redeliver(wechat.customerMessageIds()[0]!);

    // "3" picks the third option of the numbered list.
    const next = await customerWrites('3');
    expect(wechat.received.length).toBe(countBefore + next.length);
    expect(next.join('\n')).toContain(stepText(topic, 'es', 'batteries'));
    expect(next.join('\n')).toContain(`1. ${labelsOf(topic, 'es', 'batteries')[0]}`);
    expect(wechat.received.filter((text) => text.startsWith(stepText(topic, 'es', 'urgency')))).toHaveLength(1);

    const handoff = await customerWrites('quiero hablar con una persona');
    const ticketId = /LC-\d{6}/.exec(handoff.join('\n'))?.[0];
    expect(ticketId).toBeDefined();

    const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.2.1', payload: { username: 'lucia', password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const post = (url: string, payload: unknown = {}) =>
      harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

    expect((await post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const before = wechat.received.length;
    const reply = await post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola, soy Lucía. ¿Me confirma el número de habitación?' });
    expect(reply.statusCode).toBe(200);
    expect(wechat.received.slice(before)).toEqual(['lucia: Hola, soy Lucía. ¿Me confirma el número de habitación?']);
  });
});
