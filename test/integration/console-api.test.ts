import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPairingState } from '../../src/channels/shared/pairing.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';

const t = testTranslator();
const PASSWORDS = { maria: 'maria-password-1', omar: 'omar-password-22', admin: 'admin-password-333', luis: 'luis-password-4444', nadia: 'nadia-password-55555' };
let dir: string;
let harness: Awaited<ReturnType<typeof createTestApp>>;
let store: RedisStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-console-'));
  writeAgentsFile(join(dir, 'agents.json'), [
    { username: 'maria', role: 'agent', passwordHash: await hashPassword(PASSWORDS.maria) },
    { username: 'omar', role: 'agent', passwordHash: await hashPassword(PASSWORDS.omar) },
    { username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORDS.admin) },
    { username: 'luis', role: 'agent', passwordHash: await hashPassword(PASSWORDS.luis) },
    { username: 'nadia', role: 'agent', passwordHash: await hashPassword(PASSWORDS.nadia) },
  ]);
  store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `console-${randomUUID()}:` });
  harness = await createTestApp({ AGENTS_FILE: join(dir, 'agents.json') }, { store });
});
afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(username: keyof typeof PASSWORDS, remoteAddress = '10.1.0.1'): Promise<string> {
  const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress, payload: { username, password: PASSWORDS[username] } });
  expect(response.statusCode).toBe(200);
  return String(response.headers['set-cookie']).split(';')[0]!;
}

const as = (cookie: string) => ({
  cookie,
  get: (url: string) => harness.app.inject({ method: 'GET', url, headers: { cookie } }),
  post: (url: string, payload: unknown = {}) => harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) }),
});

async function customerAsksForPerson(text = 'talk to a person') {
  const conversation = await openWebConversation(harness.app);
  const response = await conversation.post({ text });
  const { messages } = response.json() as { messages: Array<{ text: string; kind?: string }> };
  const ticketId = /LC-\d{6}/.exec(messages.at(-1)!.text)?.[0];
  expect(messages.at(-1)!.kind).toBe('handoff');
  return { conversation, ticketId: ticketId! };
}

describe('agent sign-in', () => {
  it('answers wrong credentials with 401 and the same message whether the user exists or not', async () => {
    const wrong = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.2.0.1', payload: { username: 'maria', password: 'not-her-password' } });
    const unknown = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.2.0.2', payload: { username: 'nobody', password: 'whatever-password' } });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual({ error: { code: 'E_UNAUTHORIZED', message: 'Wrong username or password' } });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.3.0.1', payload: { username: 'maria', password: PASSWORDS.maria } });
    const who = { agent: { username: 'maria', role: 'agent', language: 'en' }, translation: { enabled: false, model: null } };
    expect(response.json()).toEqual(who);
    expect(String(response.headers['set-cookie'])).toMatch(/^lockcare_console=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    const cookie = String(response.headers['set-cookie']).split(';')[0]!;
    expect((await as(cookie).get('/api/agent/session')).json()).toEqual(who);
    const signOut = await harness.app.inject({ method: 'DELETE', url: '/api/agent/session', headers: { cookie } });
    expect(signOut.statusCode).toBe(204);
    expect((await as(cookie).get('/api/agent/tickets')).statusCode).toBe(401);
  });

  it('throttles a username from one address after 5 failures (429 with Retry-After, even with the right password), and the agent still signs in from another address', async () => {
    const attempt = (password: string, remoteAddress: string) =>
      harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress, payload: { username: 'luis', password } });
    const statuses = [];
    for (let n = 1; n <= 5; n += 1) statuses.push((await attempt('guessing-password', '10.4.0.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attempt(PASSWORDS.luis, '10.4.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('E_RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    // A stranger's five wrong passwords from address A do not lock the real agent out at address B.
    const fromB = await attempt(PASSWORDS.luis, '10.4.0.2');
    expect(fromB.statusCode).toBe(200);
    expect(fromB.json()).toMatchObject({ agent: { username: 'luis', role: 'agent' } });
  });

  it('holds against 20 concurrent wrong passwords from one address: at most 5 are checked (401), the rest get 429', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.44.0.1', payload: { username: 'nadia', password: `guess-number-${n}` } }),
      ),
    );
    const statuses = guesses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const blocked = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.44.0.1', payload: { username: 'nadia', password: PASSWORDS.nadia } });
    expect(blocked.statusCode).toBe(429);
  });

  it('holds against concurrent guesses from one address across many usernames', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.45.0.1', payload: { username: `guess${n}`, password: 'x-password-1' } }),
      ),
    );
    expect(guesses.filter((response) => response.statusCode === 401)).toHaveLength(10);
    expect(guesses.filter((response) => response.statusCode === 429)).toHaveLength(10);
  });

  it('signing in successfully does not use up the address\'s attempts', async () => {
    for (let n = 0; n < 8; n += 1) await signIn('omar', '10.46.0.1');
  });

  it('throttles an address that tries many usernames', async () => {
    for (const name of ['a1', 'b2', 'c3', 'd4', 'e5', 'a6', 'b7', 'c8', 'd9', 'e10']) {
      await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.5.0.1', payload: { username: name, password: 'x-password-1' } });
    }
    const blocked = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.5.0.1', payload: { username: 'maria', password: PASSWORDS.maria } });
    expect(blocked.statusCode).toBe(429);
  });

  it('does not let a client dodge the address limit with a forged X-Forwarded-For (no TRUST_PROXY)', async () => {
    for (const [index, name] of ['f1', 'g2', 'h3', 'i4', 'j5', 'f6', 'g7', 'h8', 'i9', 'j10'].entries()) {
      await harness.app.inject({
        method: 'POST',
        url: '/api/agent/session',
        remoteAddress: '10.99.0.1',
        headers: { 'x-forwarded-for': `203.0.113.${index + 1}` },
        payload: { username: name, password: 'x-password-1' },
      });
    }
    const blocked = await harness.app.inject({
      method: 'POST',
      url: '/api/agent/session',
      remoteAddress: '10.99.0.1',
      headers: { 'x-forwarded-for': '198.51.100.77' },
      payload: { username: 'omar', password: PASSWORDS.omar },
    });
    expect(blocked.statusCode).toBe(429);
  });

  it('refuses the API without a session (401) and POSTs that are not JSON (415)', async () => {
    expect((await harness.app.inject({ method: 'GET', url: '/api/agent/tickets' })).json()).toEqual({ error: { code: 'E_UNAUTHORIZED', message: 'Sign in first' } });
    const cookie = await signIn('maria', '10.6.0.1');
    const form = await harness.app.inject({ method: 'POST', url: '/api/agent/tickets/LC-000001/claim', headers: { cookie, 'content-type': 'text/plain' }, payload: 'x' });
    expect(form.statusCode).toBe(415);
  });
});

describe('working the queue', () => {
  it('lists open tickets with their SLA fields; unknown tickets are 404', async () => {
    const { ticketId } = await customerAsksForPerson('quiero hablar con una persona');
    const maria = as(await signIn('maria', '10.7.0.1'));
    const { tickets } = (await maria.get('/api/agent/tickets')).json() as { tickets: Array<Record<string, unknown>> };
    const ticket = tickets.find((item) => item.id === ticketId)!;
    expect(ticket).toMatchObject({ status: 'open', priority: 'normal', channel: 'web', language: 'es', assignedTo: null });
    expect(ticket.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(ticket.dueAt as string) - Date.parse(ticket.createdAt as string)).toBe(24 * 3_600_000);
    expect(ticket.timeLeftMs).toBeGreaterThan(23 * 3_600_000);
    expect((await maria.get('/api/agent/tickets/LC-999999')).statusCode).toBe(404);
  });

  it('an admin can take over a ticket held by an absent agent ({"force": true}); an agent cannot (409)', async () => {
    const { ticketId, conversation } = await customerAsksForPerson();
    const [maria, omar, admin] = [as(await signIn('maria', '10.9.0.1')), as(await signIn('omar', '10.9.0.2')), as(await signIn('admin', '10.9.0.3'))];
    expect((await maria.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const agentForce = await omar.post(`/api/agent/tickets/${ticketId}/claim`, { force: true });
    expect(agentForce.statusCode).toBe(409);
    expect(agentForce.json().error.code).toBe('E_CONFLICT');
    expect((await admin.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(409);
    const taken = await admin.post(`/api/agent/tickets/${ticketId}/claim`, { force: true });
    expect(taken.statusCode).toBe(200);
    expect(taken.json().ticket.assignedTo).toBe('admin');
    const detail = (await admin.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { assignedTo: string; notes: Array<{ author: string; text: string }> } };
    expect(detail.ticket.assignedTo).toBe('admin');
    expect(detail.ticket.notes).toEqual([expect.objectContaining({ author: 'admin', text: 'Taken over from maria by admin.' })]);
    expect((await maria.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'still here?' })).statusCode).toBe(409);
    expect((await admin.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hello, I am taking over your ticket.' })).statusCode).toBe(200);
    expect((await admin.post(`/api/agent/tickets/${ticketId}/resolve`)).statusCode).toBe(200);
    const messages = (await conversation.post({ text: '5' })).json() as { messages: Array<{ text: string }> };
    expect(messages.messages.map((message) => message.text)).toContain(t.t('en', 'handoff.survey.thanks', { score: 5 }));
  });

  it('tells the customer\'s web chat who is writing, only for the agent holding the ticket, without recording it', async () => {
    const { ticketId, conversation } = await customerAsksForPerson();
    const [maria, omar] = [as(await signIn('maria', '10.7.0.1')), as(await signIn('omar', '10.7.0.2'))];
    expect((await maria.post(`/api/agent/tickets/${ticketId}/typing`)).statusCode).toBe(409);
    expect((await maria.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const seen: string[] = [];
    const subscription = await store.subscribe(`web:events:${conversation.conversationId}`, (message) => seen.push(message));
    try {
      expect((await maria.post(`/api/agent/tickets/${ticketId}/typing`)).statusCode).toBe(204);
      expect((await omar.post(`/api/agent/tickets/${ticketId}/typing`)).statusCode).toBe(409);
      await expect.poll(() => seen.map((message) => JSON.parse(message) as { kind?: string; agentName?: string })).toEqual([expect.objectContaining({ kind: 'typing', agentName: 'maria' })]);
    } finally {
      await subscription();
    }
    const transcript = await harness.lockcare.core.transcript(`web:${conversation.conversationId}`);
    expect(transcript.some((entry) => entry.from === 'agent')).toBe(false);
  });

    it('two agents claiming at the same moment: exactly one wins (200), the other gets 409', async () => {
    const { ticketId } = await customerAsksForPerson();
    const [maria, omar] = [as(await signIn('maria', '10.8.0.1')), as(await signIn('omar', '10.8.0.2'))];
    const responses = await Promise.all([maria.post(`/api/agent/tickets/${ticketId}/claim`), omar.post(`/api/agent/tickets/${ticketId}/claim`)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const winner = responses[0]!.statusCode === 200 ? 'maria' : 'omar';
    const detail = (await maria.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { assignedTo: string } };
    expect(detail.ticket.assignedTo).toBe(winner);
    expect(responses.find((response) => response.statusCode === 409)!.json().error.code).toBe('E_CONFLICT');
  });

  it('claim, reply, note, resolve: the customer gets the reply and the survey, and the score is stored', async () => {
    const { conversation, ticketId } = await customerAsksForPerson('اريد التحدث مع موظف');
    const maria = as(await signIn('maria', '10.9.0.1'));
    const pushed: string[] = [];
    const unsubscribe = await store.subscribe(`web:events:${conversation.conversationId}`, (message) => pushed.push(message));
    expect((await maria.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const reply = await maria.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'مرحبًا، ما هو الرقم التسلسلي للقفل؟ مثال: SN-2024-0042' });
    expect(reply.json().ticket).toMatchObject({ status: 'waiting-customer', timeLeftMs: null });
    expect((await maria.post(`/api/agent/tickets/${ticketId}/notes`, { text: 'Asked for the serial.' })).json().notes[0]).toMatchObject({ author: 'maria', text: 'Asked for the serial.' });
    expect((await conversation.post({ text: 'SN-2024-0042' })).json().messages).toEqual([]);

    const resolved = await maria.post(`/api/agent/tickets/${ticketId}/resolve`);
    expect(resolved.json()).toMatchObject({ ticket: { status: 'resolved' }, customerNotified: true });
    await expect.poll(() => pushed.map((message) => JSON.parse(message) as { text: string; from: string })).toEqual([
      { ...JSON.parse(pushed[0]!), text: 'مرحبًا، ما هو الرقم التسلسلي للقفل؟ مثال: SN-2024-0042', from: 'agent', agentName: 'maria', dir: 'rtl' },
      expect.objectContaining({ text: t.t('ar', 'handoff.resolved', { ticket: ticketId }), kind: 'handoff' }),
      expect.objectContaining({ text: t.t('ar', 'handoff.survey.question'), choices: expect.any(Array) }),
    ]);
    await unsubscribe();
    const thanks = (await conversation.post({ text: '٤' })).json() as { messages: Array<{ text: string }> };
    expect(thanks.messages[0]!.text).toBe(t.t('ar', 'handoff.survey.thanks', { score: 4 }));
    const detail = (await maria.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { surveyScore: number; transcript: Array<{ from: string; text: string }>; notes: unknown[] } };
    expect(detail.ticket.surveyScore).toBe(4);
    expect(detail.ticket.transcript.map((entry) => entry.from)).toEqual(expect.arrayContaining(['customer', 'system', 'agent', 'bot']));
    expect((await maria.get('/api/agent/tickets')).json().tickets.map((item: { id: string }) => item.id)).not.toContain(ticketId);
  });

  it('transfers a ticket to a colleague and back to the queue with a note; the SLA clock keeps running', async () => {
    const { ticketId } = await customerAsksForPerson();
    const [maria, omar] = [as(await signIn('maria', '10.12.0.1')), as(await signIn('omar', '10.12.0.2'))];
    const before = (await maria.get(`/api/agent/tickets/${ticketId}`)).json().ticket as { dueAt: string };
    await maria.post(`/api/agent/tickets/${ticketId}/claim`);
    expect((await maria.post(`/api/agent/tickets/${ticketId}/transfer`, { to: 'nobody', note: 'x' })).statusCode).toBe(400);
    expect((await omar.post(`/api/agent/tickets/${ticketId}/transfer`, { to: 'omar', note: 'mine now' })).statusCode).toBe(409);
    const moved = await maria.post(`/api/agent/tickets/${ticketId}/transfer`, { to: 'omar', note: 'Omar knows the RF200 encoder.' });
    expect(moved.json().ticket).toMatchObject({ assignedTo: 'omar', status: 'assigned', dueAt: before.dueAt, firstReplyAt: null });
    expect(moved.json().ticket.timeLeftMs).toBeGreaterThan(0);
    expect(moved.json().notes.at(-1)).toMatchObject({ author: 'maria', text: 'Transferred to omar by maria: Omar knows the RF200 encoder.' });
    expect((await maria.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'still mine?' })).statusCode).toBe(409);
    const queued = await omar.post(`/api/agent/tickets/${ticketId}/transfer`, { to: null, note: 'Back to the queue: I am off shift.' });
    expect(queued.json().ticket).toMatchObject({ assignedTo: null, status: 'open', dueAt: before.dueAt });
    expect(queued.json().ticket.timeLeftMs).toBeGreaterThan(0);
    expect((await maria.get('/api/agent/agents')).json().agents).toEqual(expect.arrayContaining([{ username: 'omar', role: 'agent', language: 'en' }]));
    expect((await maria.get(`/api/agent/tickets/${ticketId}/history`)).json()).toEqual({ tickets: expect.any(Array) });
    expect((await maria.get('/api/agent/search?q=x')).statusCode).toBe(400);
    await maria.post(`/api/agent/tickets/${ticketId}/resolve`);
    expect((await maria.get(`/api/agent/search?q=${ticketId}`)).json().tickets).toEqual([expect.objectContaining({ id: ticketId, resolution: 'resolved', resolvedBy: 'maria' })]);
    // The audit log: who did what, in order, with no message or note text; each session's sign-in before its first action.
    const audit = (await maria.get(`/api/agent/tickets/${ticketId}`)).json().ticket.audit as Array<{ actor: string; action: string; to?: string | null }>;
    expect(audit.map((entry) => [entry.actor, entry.action, entry.to])).toEqual([
      ['maria', 'sign-in', undefined],
      ['maria', 'claim', undefined],
      ['maria', 'transfer', 'omar'],
      ['omar', 'sign-in', undefined],
      ['omar', 'transfer', null],
      ['maria', 'resolve', undefined],
    ]);
    expect(JSON.stringify(audit)).not.toContain('encoder');
  });

  it('saved replies: admins add, edit and delete them (stored); agents read them and get 403 when editing', async () => {
    const [admin, maria] = [as(await signIn('admin', '10.13.0.1')), as(await signIn('maria', '10.13.0.2'))];
    const body = { language: 'es', title: 'Pilas', text: 'Hola, soy {{agent}} (ticket {{ticket}}). Cambie las pilas, por favor.' };
    expect((await maria.post('/api/agent/saved-replies', body)).statusCode).toBe(403);
    const created = (await admin.post('/api/agent/saved-replies', body)).json().reply as { id: string };
    expect(created).toMatchObject({ ...body, updatedBy: 'admin' });
    expect((await admin.post(`/api/agent/saved-replies/${created.id}`, { ...body, title: 'Pilas gastadas' })).statusCode).toBe(200);
    expect((await maria.get('/api/agent/saved-replies')).json().replies).toEqual([expect.objectContaining({ id: created.id, title: 'Pilas gastadas', language: 'es' })]);
    expect((await admin.post('/api/agent/saved-replies', { ...body, language: 'fr' })).statusCode).toBe(400);
    const removed = await harness.app.inject({ method: 'DELETE', url: `/api/agent/saved-replies/${created.id}`, headers: { cookie: admin.cookie } });
    expect(removed.statusCode).toBe(204);
    expect((await maria.get('/api/agent/saved-replies')).json().replies).toEqual([]);
  });

  it('stores and returns a customer\'s HTML and script as plain data', async () => {
    const payload = '<script>alert(1)</script><b>x</b><img src=x onerror=alert(2)>';
    const { conversation, ticketId } = await customerAsksForPerson();
    await conversation.post({ text: payload });
    const response = await as(await signIn('maria', '10.10.0.1')).get(`/api/agent/tickets/${ticketId}`);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json().ticket.transcript.map((entry: { text: string }) => entry.text)).toContain(payload);
  });

  it('shows admins the channel pairing QR codes as images; plain agents get 403', async () => {
    await setPairingState(store, { channel: 'whatsapp', status: 'waiting-for-scan', qr: '2@pairing-test-payload', updatedAt: new Date().toISOString() });
    const admin = await as(await signIn('admin', '10.11.0.1')).get('/api/agent/channels');
    expect(admin.json().channels).toEqual([expect.objectContaining({ channel: 'whatsapp', status: 'waiting-for-scan', qrImage: expect.stringMatching(/^data:image\/png;base64,/) })]);
    expect((await as(await signIn('maria', '10.11.0.2')).get('/api/agent/channels')).statusCode).toBe(403);
  });

  it('serves the console page with a Content-Security-Policy', async () => {
    const page = await harness.app.inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script type="module" src="/console/console.js"></script>');
    expect((await harness.app.inject({ method: 'GET', url: '/console/console-render.js' })).body).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML/);
  });
});
