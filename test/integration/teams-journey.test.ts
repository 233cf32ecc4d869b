import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { startFakeConnector, teamsActivity } from '../fixtures/teams/fake-connector.js';
import { createTestApp } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { labelsOf, realFaq, stepText } from '../helpers/faq-harness.js';

/** The real app (all features, Redis, CHANNELS=web,teams) and a Bot Framework connector on 127.0.0.1. */
const t = testTranslator();
const PASSWORD = 'lucia-password-1';
const prefix = `teams-journey-${randomUUID()}:`;
let dir: string;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let harness: Awaited<ReturnType<typeof createTestApp>>;
let conversationId = '';
let openTicket = '';

async function startApp() {
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  harness = await createTestApp({ CHANNELS: 'web,teams', OUTBOUND_MIN_INTERVAL_MS: '0', AGENTS_FILE: join(dir, 'agents.json') }, { store });
  await harness.lockcare.start();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-teams-journey-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword(PASSWORD) }]);
  connector = await startFakeConnector();
  await startApp();
});
afterAll(async () => {
  await harness.close();
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** The user writes (or taps a suggested action, which posts its title) in Teams; returns what the connector received. */
async function userWrites(text: string, id = `17637192${String(++counter).padStart(5, '0')}`) {
  const before = connector.calls.length;
  const activity = teamsActivity('message-personal-es', connector.serviceUrl, { id, text });
  conversationId = (activity.conversation as { id: string }).id;
  const response = await harness.app.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(activity) });
  expect(response.statusCode).toBe(200);
  return connector.calls.slice(before);
}

async function signInAsAgent(remoteAddress: string) {
  const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress, payload: { username: 'lucia', password: PASSWORD } });
  expect(signIn.statusCode).toBe(200);
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  return (url: string, payload: unknown = {}) =>
    harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
}

describe('Teams journey: Spanish troubleshooting, a person, an agent reply in Teams', () => {
  it('welcomes, walks a step by tapping a suggested action, escalates, and the agent reply reaches the chat', async () => {
    expect(harness.lockcare.supervisor.status().teams).toMatchObject({ status: 'up' });
    const topic = (await realFaq()).topic('lock-no-response')!;

    await harness.app.inject({ method: 'POST', url: '/api/messages', payload: teamsActivity('conversation-update-personal', connector.serviceUrl) });
    expect(connector.texts()[0]).toBe(t.t('es', 'menu.greeting'));

    const first = await userWrites('la cerradura no hace nada, ni luz ni sonido', '1763719201447');
    const question = first.at(-1)!.activity;
    expect(question.text).toBe(stepText(topic, 'es', 'urgency'));
    expect(question.suggestedActions!.actions.map((action) => action.title)).toEqual(labelsOf(topic, 'es', 'urgency'));

    // The Bot Framework service delivers the same activity again: no second reply.
    expect(await userWrites('la cerradura no hace nada, ni luz ni sonido', '1763719201447')).toEqual([]);

    // Tapping the third suggested action posts its title.
    const next = await userWrites(question.suggestedActions!.actions[2]!.value);
    const step = next.find((call) => call.activity.text?.includes(stepText(topic, 'es', 'batteries')))!;
    expect(step.activity.suggestedActions!.actions.map((action) => action.title)).toEqual(labelsOf(topic, 'es', 'batteries'));

    const handoff = await userWrites('quiero hablar con una persona');
    const ticketId = /LC-\d{6}/.exec(handoff.map((call) => call.activity.text).join('\n'))?.[0];
    expect(ticketId).toBeDefined();

    const post = await signInAsAgent('10.9.1.1');
    expect((await post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const before = connector.calls.length;
    const reply = await post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola, soy Lucía. ¿Me confirma el número de habitación?' });
    expect(reply.statusCode).toBe(200);
    const delivered = connector.calls.slice(before);
    expect(delivered.map((call) => [call.conversationId, call.replyToActivityId, call.activity.text])).toEqual([
      [conversationId, undefined, 'lucia: Hola, soy Lucía. ¿Me confirma el número de habitación?'],
    ]);
    openTicket = ticketId!;
  });

  it('after a restart, the next agent reply still reaches the Teams chat (stored conversation reference)', async () => {
    await harness.close();
    await startApp();
    const before = connector.calls.length;
    const post = await signInAsAgent('10.9.1.2');
    const reply = await post(`/api/agent/tickets/${openTicket}/messages`, { text: 'Sigo con su caso después del reinicio.' });
    expect(reply.statusCode).toBe(200);
    expect(connector.calls.slice(before).map((call) => [call.conversationId, call.activity.text])).toEqual([
      [conversationId, 'lucia: Sigo con su caso después del reinicio.'],
    ]);
  });
});
