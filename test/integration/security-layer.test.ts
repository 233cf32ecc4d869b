import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS_PER_CONVERSATION } from '../../src/channels/web/web-channel.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { STREAMS_PER_AGENT } from '../../src/handoff/console-events.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';

/** The second layer of security (issue 9, section 3): cross-site checks, stream caps, what /readyz tells. */
const PASSWORDS = { maria: 'maria-password-1', admin: 'admin-password-333' };
let dir: string;
let harness: Awaited<ReturnType<typeof createTestApp>>;
let baseUrl: string;
const openStreams: AbortController[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-security-'));
  writeAgentsFile(join(dir, 'agents.json'), [
    { username: 'maria', role: 'agent', passwordHash: await hashPassword(PASSWORDS.maria) },
    { username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORDS.admin) },
  ]);
  harness = await createTestApp({ AGENTS_FILE: join(dir, 'agents.json') });
  await harness.lockcare.start();
  baseUrl = await harness.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const controller of openStreams) controller.abort();
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(username: keyof typeof PASSWORDS): Promise<string> {
  const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', payload: { username, password: PASSWORDS[username] } });
  expect(response.statusCode).toBe(200);
  return String(response.headers['set-cookie']).split(';')[0]!;
}

/** Open an event stream over a real socket; resolves with its status once the headers are in. */
async function openStream(path: string, headers: Record<string, string> = {}): Promise<number> {
  const controller = new AbortController();
  openStreams.push(controller);
  const response = await fetch(`${baseUrl}${path}`, { headers, signal: controller.signal });
  if (response.status !== 200) controller.abort();
  return response.status;
}

describe('cross-site requests to the agent API', () => {
  const claim = (cookie: string, headers: Record<string, string>) =>
    harness.app.inject({ method: 'POST', url: '/api/agent/tickets/LC-999999/claim', headers: { cookie, 'content-type': 'application/json', ...headers }, payload: '{}' });

  it('are refused with 403 when Origin is another site or Sec-Fetch-Site says cross-site', async () => {
    const cookie = await signIn('maria');
    const refused: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'http://localhost:80' }];
    for (const headers of refused) {
      const response = await claim(cookie, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json()).toEqual({ error: { code: 'E_FORBIDDEN', message: 'Cross-site requests are refused' } });
    }
    const signOut = await harness.app.inject({ method: 'DELETE', url: '/api/agent/session', headers: { cookie, origin: 'https://evil.example' } });
    expect(signOut.statusCode).toBe(403);
  });

  it('go ahead from the server\'s own origin, with Sec-Fetch-Site same-origin, or from a non-browser client', async () => {
    const cookie = await signIn('maria');
    // The ticket does not exist: 404 means the request got past the origin check.
    expect((await claim(cookie, { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(404);
    expect((await claim(cookie, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(404);
    expect((await claim(cookie, {})).statusCode).toBe(404);
  });
});

describe('caps on event streams', () => {
  it(`web chat: ${STREAMS_PER_CONVERSATION} streams per conversation, then 429`, async () => {
    const { conversationId, token } = await openWebConversation(harness.app);
    const path = `/api/web/conversations/${conversationId}/events?token=${token}`;
    const statuses: number[] = [];
    for (let n = 0; n <= STREAMS_PER_CONVERSATION; n += 1) statuses.push(await openStream(path));
    expect(statuses).toEqual([...Array<number>(STREAMS_PER_CONVERSATION).fill(200), 429]);
    // Another conversation from the same address is not affected.
    const other = await openWebConversation(harness.app);
    expect(await openStream(`/api/web/conversations/${other.conversationId}/events?token=${other.token}`)).toBe(200);
  });

  it(`console: ${STREAMS_PER_AGENT} streams per agent, then 429; a stream closed frees its place`, async () => {
    const cookie = await signIn('admin');
    const statuses: number[] = [];
    for (let n = 0; n <= STREAMS_PER_AGENT; n += 1) statuses.push(await openStream('/api/agent/events', { cookie }));
    expect(statuses).toEqual([...Array<number>(STREAMS_PER_AGENT).fill(200), 429]);
    // Close the first of this agent's streams (the last controllers are this test's; the 429 one is already aborted).
    openStreams.at(-(STREAMS_PER_AGENT + 1))!.abort();
    await expect.poll(() => openStream('/api/agent/events', { cookie }), { timeout: 5000, interval: 100 }).toBe(200);
  });
});

describe('readiness', () => {
  it('tells an anonymous caller only ready / not ready and the channel states', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', channels: { web: 'up' } });
    expect(response.body).not.toMatch(/openTickets|registryRows|memory/);
  });

  it('gives the counts to admins only (GET /api/agent/status)', async () => {
    expect((await harness.app.inject({ method: 'GET', url: '/api/agent/status' })).statusCode).toBe(401);
    expect((await harness.app.inject({ method: 'GET', url: '/api/agent/status', headers: { cookie: await signIn('maria') } })).statusCode).toBe(403);
    const response = await harness.app.inject({ method: 'GET', url: '/api/agent/status', headers: { cookie: await signIn('admin') } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      store: { kind: 'memory', up: true },
      channels: { web: { status: 'up' } },
      handoff: { openTickets: expect.any(Number) },
      warranty: { registryRows: 31 },
    });
  });
});
