import { createHmac, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseFeature } from '../../dialogs/base-feature.js';
import { createLogger, createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestApp } from '../helpers/app-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';
import { startFakeConnector, teamsActivity } from '../fixtures/teams/fake-connector.js';

const t = testTranslator();
type Harness = Awaited<ReturnType<typeof createTestApp>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let harness: Harness | undefined;

/** The channel on the base dialogs only (menu, language), independent of the FAQ and escalation features. */
async function startApp(env: Record<string, string> = {}, store?: Store): Promise<Harness> {
  harness = await createTestApp({ CHANNELS: 'web,teams', OUTBOUND_MIN_INTERVAL_MS: '0', ...env }, { features: [async () => ({ feature: baseFeature })], ...(store ? { store } : {}) });
  await harness.lockcare.start();
  return harness;
}

const post = (app: Harness['app'], activity: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(activity) });

/** A JWT-shaped token signed with a key Microsoft never issued. */
function forgedToken(audience: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ aud: audience, iss: 'https://api.botframework.com', exp: 4_102_444_800 })}`;
  return `${body}.${createHmac('sha256', 'not-microsoft').update(body).digest('base64url')}`;
}

beforeEach(async () => {
  connector = await startFakeConnector();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await connector.close();
});

describe('Teams channel (anonymous, local testing)', () => {
  it('answers a Spanish message in the same turn, replying to the activity, with the menu as suggested actions', async () => {
    const { app } = await startApp();
    const activity = teamsActivity('message-personal-es', connector.serviceUrl, { text: 'hola' });
    const response = await post(app, activity);
    expect(response.statusCode).toBe(200);

    expect(connector.texts()).toEqual([t.t('es', 'menu.greeting'), t.t('es', 'menu.prompt')]);
    const last = connector.calls.at(-1)!;
    expect(last.replyToActivityId).toBe('1763719201447');
    expect(last.conversationId).toBe((activity.conversation as { id: string }).id);
    expect(last.activity.suggestedActions!.actions.map((action) => action.title)).toEqual([
      t.t('es', 'menu.options.troubleshoot'),
      t.t('es', 'menu.options.warranty'),
      t.t('es', 'menu.options.human'),
      t.t('es', 'menu.options.language'),
    ]);
  });

  it('a reply the Bot Connector answers 503 twice is queued and delivered once on a later try', async () => {
    const clock = new TestClock(new Date());
    harness = await createTestApp({ CHANNELS: 'web,teams', OUTBOUND_MIN_INTERVAL_MS: '0' }, { features: [async () => ({ feature: baseFeature })], clock });
    await harness.lockcare.start();
    connector.failNext(2);
    const response = await post(harness.app, teamsActivity('message-personal-es', connector.serviceUrl, { text: 'hola' }));
    expect(response.statusCode).toBe(200);
    const { retries } = harness.lockcare.core;
    expect(await retries.pendingCount()).toBe(1);
    for (let tick = 0; tick < 6 && (await retries.pendingCount()) > 0; tick += 1) {
      clock.advance(10 * 60_000);
      await retries.tick();
    }
    expect(await retries.pendingCount()).toBe(0);
    expect(connector.failed()).toBe(2);
    expect(connector.texts()).toEqual([t.t('es', 'menu.greeting'), t.t('es', 'menu.prompt')]);
  });

  it('accepts a tapped suggested action (the title posted back) as the choice', async () => {
    const { app } = await startApp();
    await post(app, teamsActivity('message-personal-es', connector.serviceUrl, { text: 'hola' }));
    const before = connector.calls.length;
    await post(app, teamsActivity('message-personal-es', connector.serviceUrl, { id: '1763719300001', text: t.t('es', 'menu.options.language') }));
    expect(connector.texts().slice(before)[0]).toBe(t.t('es', 'language.prompt'));
  });

  it('produces one reply for a duplicate delivery of the same activity', async () => {
    const { app } = await startApp();
    const activity = teamsActivity('message-personal-es', connector.serviceUrl, { text: 'hola' });
    await post(app, activity);
    const afterFirst = connector.calls.length;
    expect(afterFirst).toBe(2);
    const again = await post(app, activity);
    expect(again.statusCode).toBe(200);
    expect(connector.calls.length).toBe(afterFirst);
  });

  it('welcomes a user who adds the bot with the greeting in their locale, once', async () => {
    const { app } = await startApp();
    const update = teamsActivity('conversation-update-personal', connector.serviceUrl);
    await post(app, update);
    await post(app, { ...update, id: 'f:another-update' });
    expect(connector.texts().filter((text) => text === t.t('es', 'menu.greeting'))).toHaveLength(1);
    await post(app, teamsActivity('conversation-update-bot-added-to-team', connector.serviceUrl));
    expect(connector.texts().filter((text) => text === t.t('es', 'menu.greeting') || text === t.t('en', 'menu.greeting'))).toHaveLength(1);
  });

  it('answers a sticker politely as unsupported, ignores a reaction, and rejects an invalid payload with 400', async () => {
    const { app } = await startApp();
    await post(app, teamsActivity('message-sticker-card', connector.serviceUrl));
    expect(connector.texts()).toEqual([t.t('es', 'common.unsupported')]);

    const reaction = await post(app, teamsActivity('message-reaction', connector.serviceUrl));
    expect(reaction.statusCode).toBe(200);
    expect(connector.calls).toHaveLength(1);

    const invalid = await post(app, { type: 'message', text: 'hola' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'E_PAYLOAD' } });
  });

  it('takes a photo of the lock display for a person and says so, in Spanish', async () => {
    const { app, lockcare } = await startApp();
    const activity = teamsActivity('message-inline-image', connector.serviceUrl);
    await post(app, activity);
    expect(connector.texts()).toEqual([t.t('es', 'handoff.followUp')]);
    const transcript = await lockcare.core.transcript(`teams:${(activity.conversation as { id: string }).id}`);
    expect(transcript[0]!.media).toMatchObject({ kind: 'image', url: expect.stringContaining('/views/original') });
  });

  it('keeps Arabic text intact and answers in Arabic', async () => {
    const { app } = await startApp();
    await post(app, teamsActivity('message-personal-es', connector.serviceUrl, { text: 'السلام عليكم', locale: 'ar-SA' }));
    expect(connector.texts()).toEqual([t.t('ar', 'menu.greeting'), t.t('ar', 'menu.prompt')]);
    expect(connector.calls.every((call) => call.activity.locale === 'ar')).toBe(true);
  });

  it('offers choices in a group chat as an Adaptive Card and takes its submitted value', async () => {
    const { app } = await startApp();
    await post(app, teamsActivity('message-card-submit-groupchat', connector.serviceUrl, { id: '1763719600011', value: undefined, text: 'hola' }));
    const card = connector.calls.at(-1)!.activity.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const languageButton = card.content!.actions!.find((action) => action.title === t.t('es', 'menu.options.language'))!;
    expect(languageButton.data.choice).toBe('menu:language');

    const before = connector.calls.length;
    await post(app, teamsActivity('message-card-submit-groupchat', connector.serviceUrl, { value: { choice: languageButton.data.choice } }));
    expect(connector.texts().slice(before)[0]).toBe(t.t('es', 'language.prompt'));
  });

  it('sends an agent reply later as a new message with the stored reference, and refuses a conversation that never wrote', async () => {
    const { app, lockcare } = await startApp();
    const activity = teamsActivity('message-personal-es', connector.serviceUrl, { text: 'hola' });
    await post(app, activity);
    const conversationId = (activity.conversation as { id: string }).id;
    const before = connector.calls.length;

    await lockcare.core.deliver({ channel: 'teams', conversationId }, [
      { reply: { type: 'text', text: 'Ya revisé el registro de la cerradura.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'María' } },
    ]);
    const proactive = connector.calls.slice(before);
    expect(proactive).toHaveLength(1);
    expect(proactive[0]!.activity.text).toBe('María: Ya revisé el registro de la cerradura.');
    expect(proactive[0]!.conversationId).toBe(conversationId);
    expect(proactive[0]!.replyToActivityId).toBeUndefined();

    await expect(
      lockcare.core.deliver({ channel: 'teams', conversationId: 'a:never-wrote' }, [
        { reply: { type: 'text', text: 'Hola' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'María' } },
      ]),
    ).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    expect(connector.calls).toHaveLength(before + 1);
  });
});

describe('Teams channel across a restart (Redis)', () => {
  it('sends an agent reply to a conversation that wrote before the process restarted', async () => {
    const prefix = `teams-restart:${randomUUID()}:`;
    const connect = () => RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
    const first = await createTestApp({ CHANNELS: 'teams', OUTBOUND_MIN_INTERVAL_MS: '0' }, { store: await connect(), features: [async () => ({ feature: baseFeature })] });
    await first.lockcare.start();
    const activity = teamsActivity('message-personal-es', connector.serviceUrl, { text: 'hola' });
    await post(first.app, activity);
    await first.close();
    const before = connector.calls.length;

    const { lockcare } = await startApp({ CHANNELS: 'teams' }, await connect());
    const conversationId = (activity.conversation as { id: string }).id;
    await lockcare.core.deliver({ channel: 'teams', conversationId }, [
      { reply: { type: 'text', text: 'Le escribo tras el reinicio.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'María' } },
    ]);
    expect(connector.calls.slice(before).map((call) => [call.conversationId, call.activity.text])).toEqual([[conversationId, 'María: Le escribo tras el reinicio.']]);
  });
});

describe('Teams channel with a bot registration (MICROSOFT_APP_ID, password, tenant)', () => {
  const credentials = {
    MICROSOFT_APP_ID: '9d2c4b7a-1e3f-4a5b-8c6d-7e8f9a0b1c2d',
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    MICROSOFT_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  };

  it.each([
    ['no token', {}],
    ['a garbage token', { authorization: 'Bearer garbage' }],
    ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a token for another bot', { authorization: `Bearer ${forgedToken('some-other-app')}` }],
  ])('rejects a request with %s with 401 and never replies', async (_label, headers) => {
    const { app } = await startApp(credentials);
    const response = await post(app, teamsActivity('message-personal-es', connector.serviceUrl), headers);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'E_UNAUTHORIZED' } });
    expect(connector.calls).toHaveLength(0);
  });

  it('rejects a token for this bot that Microsoft did not sign', async () => {
    const { app } = await startApp(credentials);
    const response = await post(app, teamsActivity('message-personal-es', connector.serviceUrl), {
      authorization: `Bearer ${forgedToken(credentials.MICROSOFT_APP_ID)}`,
    });
    expect(response.statusCode).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });
});

describe('Teams rejected requests in the log', () => {
  it('are logged at most once per address per minute, with how many there were', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const clock = new TestClock(new Date());
    harness = await createTestApp(
      { CHANNELS: 'web,teams', MICROSOFT_APP_ID: '9d2c4b7a-1e3f-4a5b-8c6d-7e8f9a0b1c2d', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
      { features: [async () => ({ feature: baseFeature })], logger: createLogger({ level: 'warn', destination }), clock },
    );
    await harness.lockcare.start();
    const reject = (remoteAddress: string) =>
      harness!.app.inject({ method: 'POST', url: '/api/messages', remoteAddress, headers: { 'content-type': 'application/json', authorization: 'Bearer garbage' }, payload: teamsActivity('message-personal-es', connector.serviceUrl) });
    const rejected = () => lines.filter((line) => line.code === 'E_UNAUTHORIZED');

    for (let n = 0; n < 12; n += 1) expect((await reject('203.0.113.9')).statusCode).toBe(401);
    await reject('198.51.100.4');
    expect(rejected().map((line) => [line.address, line.count])).toEqual([
      ['203.0.113.9', 1],
      ['198.51.100.4', 1],
    ]);

    clock.advance(61_000);
    await reject('203.0.113.9');
    expect(rejected().map((line) => [line.address, line.count])).toEqual([
      ['203.0.113.9', 1],
      ['198.51.100.4', 1],
      ['203.0.113.9', 12],
    ]);
  });
});
