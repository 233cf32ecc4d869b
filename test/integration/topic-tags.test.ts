import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaqService } from '../../src/faq/faq-service.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { runLockcare } from '../helpers/run-lockcare.js';

/**
 * Issue 17, "learn from use": a web chat message the bot is unsure about, then "talk to a
 * person"; the agent tags the ticket's topic, and `lockcare faq gaps` exports the message with
 * that topic, picked by the agent. The whole app on a Redis database of its own (the CLI reads
 * the same keys, unprefixed), the clock injected at the real present.
 */
const REDIS_URL = testRedisUrl(12);
const PASSWORD = 'maria-password-1';
const t = testTranslator();
let dir: string;
let store: RedisStore;
let harness: Awaited<ReturnType<typeof createTestApp>>;
let faq: FaqService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-tags-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'maria', role: 'agent', passwordHash: await hashPassword(PASSWORD) }]);
  store = await RedisStore.connect(REDIS_URL, createSilentLogger());
  harness = await createTestApp({ AGENTS_FILE: join(dir, 'agents.json'), REDIS_URL }, { store, clock: new TestClock(new Date()) });
  faq = harness.lockcare.core.services.faq!;
});

afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn() {
  const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', payload: { username: 'maria', password: PASSWORD } });
  expect(response.statusCode).toBe(200);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return {
    get: (url: string) => harness.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload: unknown) => harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) }),
  };
}

interface TicketJson {
  id: string;
  topic: string | null;
  topicTag: { by: string; at: string; previous: string | null } | null;
  facts: Record<string, unknown>;
  audit: Array<{ actor: string; action: string; topic?: string; previous?: string | null }>;
}

describe('agents tag a ticket\'s topic; the unsure message is exported with it', () => {
  it('web chat unsure → person → tag via the API → faq gaps shows the topic, pickedBy agent', async () => {
    const maria = await signIn();
    const before = (await maria.get('/api/agent/reports')).json().selfService as { tickets: number; topics: Array<{ topic: string; language: string; tickets: number }> };
    const ticketsBefore = before.tickets;
    const ticketsUnderBefore = new Map<string, number>();
    for (const row of before.topics.filter((row) => row.language === 'en')) ticketsUnderBefore.set(row.topic, (ticketsUnderBefore.get(row.topic) ?? 0) + row.tickets);

    // "power" sits between two topics: the bot asks which one, and records the message.
    const conversation = await openWebConversation(harness.app);
    const unsure = (await conversation.post({ text: 'power' })).json() as { messages: Array<{ text: string; kind?: string }> };
    const [first, second] = faq.search('power').clarify!.map((id) => faq.topic(id)!.content.en.title);
    expect(unsure.messages.at(-1)!.text).toBe(t.t('en', 'faq.clarify', { first, second }));
    const [gap] = (await faq.gaps.list()).filter((recorded) => recorded.text === 'power');
    expect(gap).toMatchObject({ lang: 'en', text: 'power' });
    expect(gap!.picked).toBeUndefined();

    // Nobody picks: the customer asks for a person instead.
    const handed = (await conversation.post({ text: 'talk to a person' })).json() as { messages: Array<{ text: string; kind?: string }> };
    expect(handed.messages.at(-1)!.kind).toBe('handoff');
    const ticketId = /LC-\d{6}/.exec(handed.messages.at(-1)!.text)![0];
    // The ticket carries the gap; the customer never saw its id.
    const opened = (await maria.get(`/api/agent/tickets/${ticketId}`)).json().ticket as TicketJson;
    expect(opened.facts.faqGaps).toEqual([gap!.id]);
    expect(JSON.stringify([unsure, handed])).not.toContain(gap!.id);

    // An unknown topic id: 400 with a clear error, and nothing changes.
    const unknown = await maria.post(`/api/agent/tickets/${ticketId}/topic`, { topic: 'door-fell-off' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toEqual({ code: 'E_PAYLOAD', message: 'Unknown topic "door-fell-off": use one of the ids GET /api/agent/topics lists' });
    const unchanged = (await maria.get(`/api/agent/tickets/${ticketId}`)).json().ticket as TicketJson;
    expect([unchanged.topic, unchanged.topicTag]).toEqual([opened.topic, null]);
    expect(unchanged.audit.filter((entry) => entry.action === 'topic')).toEqual([]);
    expect((await faq.gaps.list()).find((recorded) => recorded.id === gap!.id)!.picked).toBeUndefined();

    // The agent picks from the topics the console lists, titled in her language.
    const topics = (await maria.get('/api/agent/topics')).json().topics as Array<{ id: string; title: string }>;
    expect(topics).toHaveLength(faq.topics.size);
    expect(topics).toContainEqual({ id: 'emergency-power', title: faq.topic('emergency-power')!.content.en.title });
    const tagged = await maria.post(`/api/agent/tickets/${ticketId}/topic`, { topic: 'emergency-power' });
    expect(tagged.statusCode).toBe(200);
    expect(tagged.json()).toMatchObject({ ticket: { id: ticketId, topic: 'emergency-power' }, topicTag: { by: 'maria', previous: opened.topic }, gapsTagged: 1 });
    expect((await faq.gaps.list()).find((recorded) => recorded.id === gap!.id)).toMatchObject({ picked: 'emergency-power', pickedBy: 'agent' });

    // Re-tagging updates the gap too; the ticket and its audit log show both tags.
    await maria.post(`/api/agent/tickets/${ticketId}/topic`, { topic: 'energy-saving-switch' });
    const retagged = (await maria.get(`/api/agent/tickets/${ticketId}`)).json().ticket as TicketJson;
    expect(retagged.topic).toBe('energy-saving-switch');
    expect(retagged.topicTag).toMatchObject({ by: 'maria', previous: opened.topic });
    expect(retagged.audit.filter((entry) => entry.action === 'topic').map((entry) => [entry.actor, entry.topic, entry.previous])).toEqual([
      ['maria', 'emergency-power', opened.topic],
      ['maria', 'energy-saving-switch', 'emergency-power'],
    ]);

    // The operator's export, as a separate process on the same Redis.
    const plain = await runLockcare(['faq', 'gaps'], { env: { REDIS_URL } });
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')).toContain('energy-saving-switch (en, agent): power');
    const json = await runLockcare(['faq', 'gaps', '--json'], { env: { REDIS_URL } });
    const rows = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { text: string; topic: string; pickedBy: string });
    expect(rows.find((row) => row.text === 'power')).toMatchObject({ topic: 'energy-saving-switch', pickedBy: 'agent' });

    // The reports counted the ticket once, when it opened; the tags moved it, never counted it again:
    // it now sits under the agent's last topic, and no longer under the one it opened with.
    const reports = (await maria.get('/api/agent/reports')).json().selfService as { tickets: number; topics: Array<{ topic: string; language: string; tickets: number }> };
    expect(reports.tickets).toBe(ticketsBefore + 1);
    const ticketsUnder = (topic: string | null) => reports.topics.filter((row) => row.language === 'en' && row.topic === (topic ?? '-')).reduce((sum, row) => sum + row.tickets, 0);
    expect(ticketsUnder('energy-saving-switch') - (ticketsUnderBefore.get('energy-saving-switch') ?? 0)).toBe(1);
    expect(ticketsUnder('emergency-power') - (ticketsUnderBefore.get('emergency-power') ?? 0)).toBe(0);
    expect(ticketsUnder(opened.topic) - (ticketsUnderBefore.get(opened.topic ?? '-') ?? 0)).toBe(0);
  });

  it('a customer\'s own pick stands: the agent\'s tag does not replace it', async () => {
    const maria = await signIn();
    const earlier = new Set((await faq.gaps.list()).map((recorded) => recorded.id));
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: 'power' });
    const gap = (await faq.gaps.list()).find((recorded) => !earlier.has(recorded.id))!;
    const topic = faq.search('power').clarify![0];
    await conversation.post({ value: `faq:topic:${topic}` });
    const handed = (await conversation.post({ text: 'talk to a person' })).json() as { messages: Array<{ text: string }> };
    const ticketId = /LC-\d{6}/.exec(handed.messages.at(-1)!.text)![0];
    expect(((await maria.get(`/api/agent/tickets/${ticketId}`)).json().ticket as TicketJson).facts.faqGaps).toBeUndefined();
    const tagged = await maria.post(`/api/agent/tickets/${ticketId}/topic`, { topic: 'lock-no-response' });
    expect(tagged.json()).toMatchObject({ ticket: { topic: 'lock-no-response' }, gapsTagged: 0 });
    expect((await faq.gaps.list()).find((recorded) => recorded.id === gap.id)).toMatchObject({ picked: topic, pickedBy: 'user' });
  });

  it('answers 404 for an unknown ticket, 400 for a bad body and 401 without signing in', async () => {
    const maria = await signIn();
    const missing = await maria.post('/api/agent/tickets/LC-999999/topic', { topic: 'emergency-power' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'E_NOT_FOUND']);
    expect((await maria.post('/api/agent/tickets/LC-999999/topic', {})).statusCode).toBe(400);
    expect((await maria.post('/api/agent/tickets/LC-999999/topic', { topic: 'emergency-power', extra: 1 })).statusCode).toBe(400);
    const anonymous = await harness.app.inject({ method: 'POST', url: '/api/agent/tickets/LC-000001/topic', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ topic: 'emergency-power' }) });
    expect(anonymous.statusCode).toBe(401);
    expect((await harness.app.inject({ method: 'GET', url: '/api/agent/topics' })).statusCode).toBe(401);
  });
});
