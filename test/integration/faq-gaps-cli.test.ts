import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaqGapStore } from '../../src/faq/faq-gaps.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { testRedisUrl } from '../helpers/redis.js';
import { runLockcare } from '../helpers/run-lockcare.js';

/**
 * `lockcare faq gaps` against a real Redis: what the bot recorded (through the same store and
 * key layout the running bot uses) comes out as candidate examples. A database of its own, so
 * gaps recorded by other tests' bots never show up here.
 */
const REDIS_URL = testRedisUrl(9);
let store: RedisStore;

beforeAll(async () => {
  store = await RedisStore.connect(REDIS_URL, createSilentLogger());
  await store.delete('faq:gaps'); // a reused Redis (REDIS_URL) may hold an earlier run's index
  const gaps = new FaqGapStore(store, 86_400_000);
  const picked = await gaps.record({ text: 'el lock fadi khales', lang: 'ar', offered: ['emergency-power', 'lock-no-response'], at: new Date() });
  await gaps.resolve(picked!, 'emergency-power', 'user');
  await gaps.record({ text: 'something odd with 1203', lang: 'en', offered: ['handle-problem', 'latch-misaligned', 'mortise-jammed'], at: new Date() });
});

afterAll(async () => {
  await store.close();
});

describe('lockcare faq gaps', () => {
  it('prints the picked messages as candidate examples', async () => {
    const { code, stdout, stderr } = await runLockcare(['faq', 'gaps'], { env: { REDIS_URL } });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['emergency-power (ar): el lock fadi khales']);
    expect(stderr).toContain('1 candidate example');
  });

  it('--all --json also lists the unpicked ones, one JSON object per line', async () => {
    const { code, stdout } = await runLockcare(['faq', 'gaps', '--all', '--json'], { env: { REDIS_URL } });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { text: string; topic: string | null });
    expect(lines.map(({ text, topic }) => [text, topic])).toEqual([
      ['el lock fadi khales', 'emergency-power'],
      ['something odd with 1203', null],
    ]);
  });

  it('says why it cannot export without Redis', async () => {
    const { code, stderr } = await runLockcare(['faq', 'gaps']);
    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_URL');
  });
});
