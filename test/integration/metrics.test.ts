import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { createSilentLogger } from '../../src/logger.js';
import { outboundRetries } from '../../src/metrics/metrics.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { TestClock } from '../helpers/core-harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';

/** `GET /metrics`: a Prometheus scrape whose figures move with what the app does (issue 9, section 4). */
const TOKEN = 'metrics-token-for-tests-0123';
let redis: TestRedis;
let harness: Awaited<ReturnType<typeof createTestApp>>;
const clock = new TestClock(new Date());

beforeAll(async () => {
  redis = await startTestRedis();
  const store = await RedisStore.connect(redis.url, createSilentLogger(), { prefix: 'metrics:', commandTimeoutMs: 1500 });
  harness = await createTestApp({ METRICS_TOKEN: TOKEN }, { store, clock });
  await harness.lockcare.start();
});
afterAll(async () => {
  outboundRetries.measureWith(undefined);
  await harness.close();
  await redis.stop();
});

const scrape = async () => {
  const response = await harness.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};

/** The value of one sample: `name` with (at least) these labels; 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('GET /metrics', () => {
  it('answers 401 without the bearer token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', `Basic ${TOKEN}`]) {
      const response = await harness.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(response.body).not.toContain('lockcare_');
    }
  });

  it('is not served at all without METRICS_TOKEN (404)', async () => {
    const bare = await createTestApp();
    expect((await bare.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
    await bare.close();
  });

  it('counts turns, latencies, FAQ searches, tickets, SLA notices, channel states, retries and store errors as they happen', async () => {
    const before = await scrape();
    expect(sample(before, 'lockcare_channel_state', { channel: 'web', state: 'up' })).toBe(1);
    expect(sample(before, 'lockcare_registry_rows')).toBe(31);

    const conversation = await openWebConversation(harness.app);
    expect((await conversation.post({ text: 'hello', clientMessageId: 'metrics-1' })).statusCode).toBe(200);
    expect((await conversation.post({ text: 'hello', clientMessageId: 'metrics-1' })).json()).toMatchObject({ duplicate: true });
    await conversation.post({ value: 'menu:troubleshoot' });
    await conversation.post({ text: 'zxqv plorth wibble' });
    const escalated = (await conversation.post({ text: 'talk to a person' })).json() as { messages: Array<{ kind?: string }> };
    expect(escalated.messages.at(-1)!.kind).toBe('handoff');

    const scheduler = harness.lockcare.features.find((setup): setup is HandoffFeatureSetup => 'scheduler' in setup)!.scheduler;
    clock.advance(25 * 3_600_000);
    expect((await scheduler.tick()).map((notice) => notice.event)).toEqual(['sla.warning', 'sla.warning', 'sla.breach']);

    // Three replies WeChat could not take wait in the retry queue (no process runs WeChat here).
    const reply = { reply: { type: 'text' as const, text: 'Hello' }, language: 'en' as const, dir: 'ltr' as const, author: { kind: 'bot' as const } };
    for (const id of ['r1', 'r2', 'r3']) {
      expect(await harness.lockcare.core.sendLater({ channel: 'wechat', conversationId: `wxid_${id}` }, [reply], new Error('WeChat is not logged in'), { id })).toBe(true);
    }
    const during = await scrape();
    outboundRetries.measureWith(() => 7);
    await redis.down();
    await expect(harness.lockcare.store.get('anything')).rejects.toMatchObject({ code: 'E_STORE' });
    const after = await scrape();
    await redis.up();

    const moved = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) - sample(before, name, labels);
    expect(moved(during, 'lockcare_turns_total', { channel: 'web', outcome: 'answered' })).toBeGreaterThanOrEqual(4);
    expect(moved(during, 'lockcare_turns_total', { channel: 'web', outcome: 'duplicate' })).toBe(1);
    expect(moved(during, 'lockcare_turn_duration_seconds_count', { channel: 'web' })).toBeGreaterThanOrEqual(4);
    expect(moved(during, 'lockcare_store_call_duration_seconds_count', { operation: 'compareAndSetWithAppend' })).toBeGreaterThanOrEqual(4);
    expect(moved(during, 'lockcare_faq_searches_total', { confident: 'false' })).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'lockcare_open_tickets', { priority: 'normal' })).toBe(1);
    expect(sample(during, 'lockcare_open_tickets', { priority: 'urgent' })).toBe(0);
    expect(moved(during, 'lockcare_sla_notices_total', { level: 'warning' })).toBe(2);
    expect(moved(during, 'lockcare_sla_notices_total', { level: 'breach' })).toBe(1);
    expect(sample(during, 'lockcare_outbound_retries_pending')).toBe(3);
    expect(sample(after, 'lockcare_outbound_retries_pending')).toBe(7);
    expect(moved(after, 'lockcare_store_errors_total', { operation: 'get' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'lockcare_store_up')).toBe(0);
  });
});
