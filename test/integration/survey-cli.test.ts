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

  it('refuses a missing action or year', async () => {
    const result = await runLockcare(['survey', 'create']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--year needs a year such as 2026');
  });
});
