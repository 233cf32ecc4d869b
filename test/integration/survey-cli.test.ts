import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { stripIsolates } from '../../src/core/bidi.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testTranslator } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { runLockcare } from '../helpers/run-lockcare.js';

/**
 * `lockcare survey create` as an operator runs it, against the running server's Redis: the
 * dry run counts, the real run sends through the server's web chat (the outbox), and a second
 * run sends nobody anything again.
 */
const t = testTranslator();
const redisUrl = testRedisUrl(7);
let server: RunningServer;
const conversations: Array<{ conversationId: string; token: string }> = [];
const year = String(new Date().getUTCFullYear());

beforeAll(async () => {
  server = await startServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisUrl, DEMO_AGENT: 'false' }));
  for (const text of ['hello', 'hola', 'مرحبا']) {
    const created = (await (await fetch(`${server.url}/api/web/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { conversationId: string; token: string };
    await fetch(`${server.url}/api/web/conversations/${created.conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` }, body: JSON.stringify({ text }) });
    conversations.push(created);
  }
}, 30_000);
afterAll(async () => {
  await server?.close();
});

async function history(index: number): Promise<string[]> {
  const { conversationId, token } = conversations[index]!;
  const body = (await (await fetch(`${server.url}/api/web/conversations/${conversationId}/messages`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: Array<{ text: string }> };
  return body.messages.map((message) => message.text);
}

describe('lockcare survey create', () => {
  it('--dry-run counts, the run sends once through the server, a second run sends nothing', async () => {
    const env = { REDIS_URL: redisUrl, SURVEY_SEND_INTERVAL_MS: '0' };
    const dry = await runLockcare(['survey', 'create', '--year', year, '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing sent: selected 3, sent 3, skipped 0');
    expect((await history(0)).filter((text) => text === t.t('en', 'survey.overall'))).toHaveLength(0);

    const first = await runLockcare(['survey', 'create', '--year', year, '--now'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('selected 3, sent 3, skipped 0');
    const again = await runLockcare(['survey', 'create', '--year', year, '--now'], { env });
    expect(again.stdout).toContain('selected 3, sent 3, skipped 0');
    for (const [index, language] of (['en', 'es', 'ar'] as const).entries()) {
      // Compared without the bidi isolates the translator puts around values in Arabic.
      const lines = (await history(index)).map(stripIsolates);
      expect(lines.filter((text) => text === stripIsolates(t.t(language, 'survey.overall')))).toHaveLength(1);
      expect(lines).toContain(stripIsolates(t.t(language, 'survey.intro', { year })));
    }
  }, 60_000);

  it('actions per language, publish --dry-run counts per language, publish refuses while a language has no text (translation off)', async () => {
    const env = { REDIS_URL: redisUrl, SURVEY_SEND_INTERVAL_MS: '0' };
    // The three customers answer the first question (en, es, ar).
    for (const { conversationId, token } of conversations) {
      await fetch(`${server.url}/api/web/conversations/${conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ text: '4' }) });
    }
    const texts = { en: 'Replies at night are faster now.', es: 'Ahora respondemos más rápido por la noche.', ar: 'أصبحنا نرد أسرع في الليل.' };
    const saved = await runLockcare(['survey', 'actions', '--year', year, '--en', texts.en], { env });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(`en: ${texts.en}\nes: (none)\nar: (none)`);
    const dry = await runLockcare(['survey', 'publish', '--year', year, '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('selected 3, sent 3, skipped 0');
    expect(dry.stdout).toMatch(/ar +customers 1, text: missing/);
    expect(dry.stdout).toMatch(/en +customers 1, text: written/);
    expect(dry.stdout).toContain('missing text: es, ar (publish would refuse)');
    const refused = await runLockcare(['survey', 'publish', '--year', year], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('No results text in es, ar for customers who answered in it; nobody was sent anything');
    expect(refused.stderr).toContain(`lockcare survey actions --year ${year} --es <text> --ar <text>`);
    for (const index of [0, 1, 2]) expect((await history(index)).some((text) => text.includes(texts.en))).toBe(false);

    expect((await runLockcare(['survey', 'actions', '--year', year, '--es', texts.es, '--ar', texts.ar], { env })).code).toBe(0);
    const published = await runLockcare(['survey', 'publish', '--year', year], { env });
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('results sent: selected 3, sent 3, skipped 0');
    for (const [index, language] of (['en', 'es', 'ar'] as const).entries()) {
      await expect.poll(async () => (await history(index)).map(stripIsolates).filter((text) => text.includes(stripIsolates(texts[language]))).length, { timeout: 10_000 }).toBe(1);
    }
  }, 60_000);

  it('refuses a missing action or year', async () => {
    const result = await runLockcare(['survey', 'create']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--year needs a year such as 2026');
  });
});
