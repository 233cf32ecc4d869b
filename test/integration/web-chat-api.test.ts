import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';

const t = testTranslator();
let harness: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  harness = await createTestApp();
});
afterEach(async () => {
  await harness.close();
});

describe('web chat API', () => {
  it('creates a conversation and answers a greeting with the menu in Spanish', async () => {
    const conversation = await openWebConversation(harness.app);
    expect(conversation.response.statusCode).toBe(201);
    expect(conversation.conversationId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(conversation.token.length).toBeGreaterThan(20);

    const reply = await conversation.post({ text: 'hola' });
    expect(reply.statusCode).toBe(200);
    const { messages } = reply.json() as { messages: Array<{ text: string; dir: string; choices?: Array<{ title: string; value: string }> }> };
    expect(messages[0]!.text).toBe(t.t('es', 'menu.greeting'));
    expect(messages.at(-1)!.choices!.map((choice) => choice.title)).toContain(t.t('es', 'menu.options.warranty'));
    expect(messages.every((message) => message.dir === 'ltr')).toBe(true);
  });

  it('answers Arabic right-to-left and accepts a choice value', async () => {
    const conversation = await openWebConversation(harness.app);
    const first = (await conversation.post({ text: 'السلام عليكم' })).json() as { messages: Array<{ dir: string }> };
    expect(first.messages.every((message) => message.dir === 'rtl')).toBe(true);
    const picked = (await conversation.post({ value: 'menu:language' })).json() as { messages: Array<{ text: string }> };
    expect(picked.messages[0]!.text).toBe(t.t('ar', 'language.prompt'));
  });

  it('rejects a missing or wrong token with 401 and an unknown conversation with 404', async () => {
    const conversation = await openWebConversation(harness.app);
    const wrong = await conversation.post({ text: 'hi' }, 'not-the-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'E_UNAUTHORIZED' } });

    const missing = await harness.app.inject({ method: 'POST', url: `/api/web/conversations/${conversation.conversationId}/messages`, payload: { text: 'hi' } });
    expect(missing.statusCode).toBe(401);

    const unknown = await harness.app.inject({
      method: 'POST',
      url: '/api/web/conversations/doesnotexist/messages',
      headers: { authorization: `Bearer ${conversation.token}` },
      payload: { text: 'hi' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
  });

  it.each([
    ['malformed JSON', '{"text": "hi"'],
    ['empty text', { text: '   ' }],
    ['text over 4,000 characters', { text: 'a'.repeat(4001) }],
    ['neither text nor value', { foo: 'bar' }],
    ['a JSON array', '[1,2]'],
  ])('answers %s with 400 and leaves the conversation unchanged', async (_name, payload) => {
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: 'hello' });
    const key = `web:${conversation.conversationId}`;
    const before = await harness.lockcare.core.getState(key);
    const transcriptBefore = await harness.lockcare.core.transcript(key);

    const bad = await conversation.post(payload);
    expect(bad.statusCode).toBe(400);
    const body = bad.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('E_PAYLOAD');
    expect(body.error.message.length).toBeGreaterThan(0);

    expect(await harness.lockcare.core.getState(key)).toEqual(before);
    expect(await harness.lockcare.core.transcript(key)).toEqual(transcriptBefore);
    // The conversation still works afterwards.
    expect((await conversation.post({ text: 'menu' })).statusCode).toBe(200);
  });

  it('limits how many conversations one address can open in a minute (429 with Retry-After)', async () => {
    const open = (remoteAddress: string) => harness.app.inject({ method: 'POST', url: '/api/web/conversations', remoteAddress, payload: {} });
    for (let i = 0; i < 30; i += 1) expect((await open('10.20.0.1')).statusCode).toBe(201);
    const refused = await open('10.20.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'E_RATE_LIMITED' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await open('10.20.0.2')).statusCode).toBe(201);
  });

  it('accepts exactly 4,000 characters', async () => {
    const conversation = await openWebConversation(harness.app);
    expect((await conversation.post({ text: 'a'.repeat(4000) })).statusCode).toBe(200);
  });

  it('drops a repeated clientMessageId: one set of replies', async () => {
    const conversation = await openWebConversation(harness.app);
    const first = (await conversation.post({ text: 'hello', clientMessageId: 'abc-1' })).json() as { messages: unknown[] };
    const again = (await conversation.post({ text: 'hello', clientMessageId: 'abc-1' })).json() as { messages: unknown[]; duplicate?: boolean };
    expect(first.messages.length).toBeGreaterThan(0);
    expect(again).toEqual({ messages: [], duplicate: true });
    const transcript = await harness.lockcare.core.transcript(`web:${conversation.conversationId}`);
    expect(transcript.filter((entry) => entry.from === 'customer')).toHaveLength(1);
  });

  it('the same clientMessageId in another conversation is not a duplicate', async () => {
    const alice = await openWebConversation(harness.app);
    const bob = await openWebConversation(harness.app);
    await alice.post({ text: 'hello', clientMessageId: '1' });
    const fromBob = (await bob.post({ text: 'hola', clientMessageId: '1' })).json() as { messages: Array<{ text: string }>; duplicate?: boolean };
    expect(fromBob.duplicate).toBeUndefined();
    expect(fromBob.messages[0]!.text).toBe(t.t('es', 'menu.greeting'));
  });

  it('pushes later messages, such as an agent reply, on the event stream', async () => {
    const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.server.address() as AddressInfo;
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: 'hi' });

    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: `/api/web/conversations/${conversation.conversationId}/events`, headers: { authorization: `Bearer ${conversation.token}` } },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            const match = buffer.match(/event: message\ndata: (.+)\n\n/);
            if (match) {
              resolve(match[1]!);
              req.destroy();
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    // Give the stream a moment to subscribe, then deliver an agent reply from outside any turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await harness.lockcare.core.deliver({ channel: 'web', conversationId: conversation.conversationId }, [
      { reply: { type: 'text', text: 'Hola, soy Ana del soporte.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Ana' } },
    ]);
    const event = JSON.parse(await received) as { text: string; from: string; agentName: string };
    expect(event).toMatchObject({ text: 'Hola, soy Ana del soporte.', from: 'agent', agentName: 'Ana' });
    expect(address).toContain('127.0.0.1');
  });

  it('keeps what was said for a customer who was away, including an agent reply, in the history', async () => {
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: 'hola' });
    // Nobody is listening on the event stream when the agent answers.
    await harness.lockcare.core.deliver({ channel: 'web', conversationId: conversation.conversationId }, [
      { reply: { type: 'text', text: 'Hola, soy Ana del soporte.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Ana' } },
    ]);
    const history = await harness.app.inject({
      method: 'GET',
      url: `/api/web/conversations/${conversation.conversationId}/messages`,
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    expect(history.statusCode).toBe(200);
    const { messages } = history.json() as { messages: Array<{ from: string; text: string; agentName?: string; choices?: Array<{ title: string }> }> };
    expect(messages[0]).toMatchObject({ from: 'customer', text: 'hola' });
    expect(messages[1]).toMatchObject({ from: 'bot', text: t.t('es', 'menu.greeting') });
    expect(messages[2]!.choices!.map((choice) => choice.title)).toContain(t.t('es', 'menu.options.warranty'));
    expect(messages.at(-1)).toMatchObject({ from: 'agent', agentName: 'Ana', text: 'Hola, soy Ana del soporte.' });
    const wrong = await harness.app.inject({ method: 'GET', url: `/api/web/conversations/${conversation.conversationId}/messages`, headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('the event stream also refuses a wrong token', async () => {
    const conversation = await openWebConversation(harness.app);
    const response = await harness.app.inject({ method: 'GET', url: `/api/web/conversations/${conversation.conversationId}/events?token=nope` });
    expect(response.statusCode).toBe(401);
  });

  it('serves the chat page with a content security policy', async () => {
    const page = await harness.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/widget.js" data-mode="page"');
  });

  it('reports health and readiness', async () => {
    expect((await harness.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    // An anonymous caller learns only ready / not ready and each channel's state.
    const body = ready.json() as { status: string; channels: Record<string, string> };
    expect(Object.keys(body).sort()).toEqual(['channels', 'status']);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.channels)).toEqual(['web']);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
  });
});
