import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';

/**
 * What the embeddable widget needs from the server: answers that carry the question they answer,
 * the greeting on open, CORS for the sites in WEB_CHAT_ALLOWED_ORIGINS, photo upload into the
 * ticket, the transcript download, the script itself and a favicon.
 */
const t = testTranslator();
const PHOTO = readFileSync(new URL('../fixtures/wechat/lock-display.png', import.meta.url));
type Message = { text: string; from: string; step?: string; at?: string; kind?: string; choices?: Array<{ title: string; value: string }> };
let harness: Awaited<ReturnType<typeof createTestApp>> | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(env: Record<string, string> = {}) {
  harness = await createTestApp(env);
  return harness;
}

describe('answers to a question that is no longer current', () => {
  it('applies a choice sent with the current step and ignores one sent with an earlier step', async () => {
    const { app, lockcare } = await start();
    const conversation = await openWebConversation(app);
    const menu = ((await conversation.post({ text: 'hello' })).json() as { messages: Message[] }).messages.at(-1)!;
    expect(menu.step).toMatch(/^[A-Za-z0-9_-]{8,}$/);

    const answered = (await conversation.post({ value: 'menu:language', step: menu.step })).json() as { messages: Message[] };
    expect(answered.messages[0]!.text).toBe(t.t('en', 'language.prompt'));
    const languageStep = answered.messages.at(-1)!.step;
    expect(languageStep).toBeDefined();
    expect(languageStep).not.toBe(menu.step);

    // The second click of a double click: a button of the menu, which is no longer the question.
    const stale = await conversation.post({ value: 'menu:human', step: menu.step });
    expect(stale.statusCode).toBe(200);
    expect((stale.json() as { messages: Message[] }).messages).toEqual([]);
    const state = await lockcare.core.getState(`web:${conversation.conversationId}`);
    expect(state?.mode).toBe('bot');
    expect(state?.stack.at(-1)?.id).toBe('language');

    // The current question still takes its answer.
    const current = (await conversation.post({ value: 'lang:es', step: languageStep })).json() as { messages: Message[] };
    expect(current.messages[0]!.text).toBe(t.t('es', 'language.changed'));
  });
});

describe('greeting on open', () => {
  it('greets once with the menu in the browser\'s language, with nothing recorded as said by the customer', async () => {
    const { app, lockcare } = await start();
    const conversation = await openWebConversation(app);
    const open = () =>
      app.inject({
        method: 'POST',
        url: `/api/web/conversations/${conversation.conversationId}/open`,
        headers: { authorization: `Bearer ${conversation.token}` },
        payload: { locale: 'ar-EG', timeZone: 'Africa/Cairo' },
      });
    const first = (await open()).json() as { messages: Message[] };
    expect(first.messages.map((message) => message.text)).toEqual([t.t('ar', 'menu.greeting'), t.t('ar', 'menu.prompt')]);
    expect(first.messages[1]!.choices!.map((choice) => choice.title)).toEqual([
      t.t('ar', 'menu.options.troubleshoot'),
      t.t('ar', 'menu.options.warranty'),
      t.t('ar', 'menu.options.human'),
      t.t('ar', 'menu.options.language'),
    ]);
    expect(((await open()).json() as { messages: Message[] }).messages).toEqual([]);
    const transcript = await lockcare.core.transcript(`web:${conversation.conversationId}`);
    expect(transcript.map((entry) => entry.from)).toEqual(['bot', 'bot']);
  });
});

describe('CORS for the embedded widget', () => {
  const allowed = 'https://hotel-locks.example';

  it('answers an allowed site with its origin, and refuses other sites', async () => {
    const { app } = await start({ WEB_CHAT_ALLOWED_ORIGINS: `${allowed}, https://help.example.org/` });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/web/conversations',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const created = await app.inject({ method: 'POST', url: '/api/web/conversations', headers: { origin: allowed }, payload: {} });
    expect(created.statusCode).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe(allowed);
    expect(created.headers.vary).toContain('Origin');

    const other = await app.inject({ method: 'POST', url: '/api/web/conversations', headers: { origin: 'https://evil.example' }, payload: {} });
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const otherPreflight = await app.inject({ method: 'OPTIONS', url: '/api/web/conversations', headers: { origin: 'https://evil.example' } });
    expect(otherPreflight.statusCode).toBe(403);
  });

  it('lets LockCare\'s own pages in without a list, and no other site', async () => {
    const { app } = await start();
    const own = await app.inject({ method: 'POST', url: '/api/web/conversations', headers: { origin: 'http://localhost:3978', host: 'localhost:3978' }, payload: {} });
    expect(own.statusCode).toBe(201);
    const other = await app.inject({ method: 'POST', url: '/api/web/conversations', headers: { origin: allowed, host: 'localhost:3978' }, payload: {} });
    expect(other.statusCode).toBe(403);
  });

  it('refuses a WEB_CHAT_ALLOWED_ORIGINS entry that is not an origin', async () => {
    await expect(start({ WEB_CHAT_ALLOWED_ORIGINS: 'https://ok.example, hotel-locks.example/path' })).rejects.toThrow('WEB_CHAT_ALLOWED_ORIGINS');
  });
});

describe('photos and videos from the web chat', () => {
  it('puts a photo into the ticket, and refuses a type no channel takes', async () => {
    const { app, lockcare } = await start();
    const conversation = await openWebConversation(app);
    const upload = (body: Buffer, type: string, name: string) =>
      app.inject({
        method: 'POST',
        url: `/api/web/conversations/${conversation.conversationId}/media`,
        headers: { authorization: `Bearer ${conversation.token}`, 'content-type': type, 'x-file-name': encodeURIComponent(name) },
        payload: body,
      });
    const sent = await upload(PHOTO, 'image/png', 'pantalla cerradura.png');
    expect(sent.statusCode).toBe(200);
    const notice = (sent.json() as { messages: Message[] }).messages.find((message) => message.kind === 'handoff')!;
    const ticketId = /LC-\d{6}/.exec(notice.text)![0];
    const handoff = lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;
    const ticket = await handoff.tickets.get(ticketId);
    expect(ticket?.media).toEqual([expect.objectContaining({ kind: 'image', mimeType: 'image/png', fileName: 'pantalla cerradura.png', sizeBytes: PHOTO.length, stored: true })]);
    expect(Buffer.from((await handoff.tickets.loadMedia(ticketId, 0))!, 'base64').equals(PHOTO)).toBe(true);

    const text = await upload(Buffer.from('not a photo'), 'text/plain', 'notes.txt');
    expect((text.json() as { messages: Message[] }).messages[0]!.text).toBe(t.t('en', 'common.unsupported'));
  });

  it('refuses a file over MEDIA_MAX_BYTES with 413 before it reaches the conversation', async () => {
    const { app, lockcare } = await start({ MEDIA_MAX_BYTES: '1000' });
    const conversation = await openWebConversation(app);
    const response = await app.inject({
      method: 'POST',
      url: `/api/web/conversations/${conversation.conversationId}/media`,
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'video/mp4', 'x-file-name': 'door.mp4' },
      payload: Buffer.alloc(1001),
    });
    expect(response.statusCode).toBe(413);
    expect(await lockcare.core.transcript(`web:${conversation.conversationId}`)).toEqual([]);
  });
});

describe('transcript download, the script and the favicon', () => {
  it('gives the conversation as a text file with times and who said what, in the conversation\'s language', async () => {
    const { app } = await start();
    const conversation = await openWebConversation(app);
    await conversation.post({ text: 'hola', timeZone: 'Europe/Madrid' });
    const response = await app.inject({ method: 'GET', url: `/api/web/conversations/${conversation.conversationId}/transcript`, headers: { authorization: `Bearer ${conversation.token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="lockcare-chat-/);
    const lines = response.body.split('\n');
    expect(lines[0]).toBe(t.t('es', 'webchat.transcriptTitle'));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[.+\\] ${t.t('es', 'webchat.you')}: hola$`)));
    expect(lines).toContainEqual(expect.stringContaining(`${t.t('es', 'webchat.botName')}: ${t.t('es', 'menu.greeting')}`));
    const denied = await app.inject({ method: 'GET', url: `/api/web/conversations/${conversation.conversationId}/transcript` });
    expect(denied.statusCode).toBe(401);
  });

  it('serves widget.js with every language\'s words, widget.css, and /favicon.ico', async () => {
    const { app } = await start();
    const script = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const language of ['en', 'es', 'ar'] as const) expect(script.body).toContain(JSON.stringify(t.t(language, 'webchat.placeholder')).slice(1, -1));
    expect(script.body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const css = await app.inject({ method: 'GET', url: '/widget.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('dvh');
    const icon = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/x-icon');
    expect([...icon.rawPayload.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});
