import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WhatsappChannel } from '../../src/channels/whatsapp/whatsapp-channel.js';
import { conversationKey } from '../../src/core/types.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { FakeWhatsappClient, loadFixture, messageFrom } from '../fixtures/whatsapp/fake-whatsapp-client.js';
import { createTestApp } from '../helpers/app-harness.js';

/** whatsapp-web.js has no templates: after 24 h of silence an agent reply is refused, with the e-mail fallback offered. */
const clients = vi.hoisted(() => [] as FakeWhatsappClient[]);
vi.mock('../../src/channels/whatsapp/create-wweb-client.js', async () => {
  const fake = await import('../fixtures/whatsapp/fake-whatsapp-client.js');
  return {
    createWwebClient: async () => {
      const client = new fake.FakeWhatsappClient();
      clients.push(client);
      return client;
    },
  };
});

const CHAT = '34612345678@c.us';
let now = new Date();
const clock = { now: () => new Date(now) };
let dir: string;
let harness: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-wa-window-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword('lucia-password-1') }]);
  harness = await createTestApp({ CHANNELS: 'web,whatsapp', OUTBOUND_MIN_INTERVAL_MS: '0', AGENTS_FILE: join(dir, 'agents.json'), WHATSAPP_DATA_PATH: join(dir, 'wa') }, { clock });
  await harness.lockcare.start();
});
afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

async function customerWrites(body: string, id: string): Promise<string[]> {
  const client = clients.at(-1)!;
  const before = client.sent.length;
  client.receive(messageFrom(loadFixture('text'), { body, id, timestamp: Math.floor(now.getTime() / 1000) }));
  await (harness.lockcare.channels.get('whatsapp')!.adapter as WhatsappChannel).idle();
  return client.sent.slice(before).map((item) => item.content);
}

describe('whatsapp-web.js reply window in the console', () => {
  it('shows the time left, refuses a reply after 24 h with a clear message, and offers e-mail when the address is known', async () => {
    const handoff = await customerWrites('quiero hablar con una persona', '3EB0WINDOW1');
    const ticketId = /LC-\d{6}/.exec(handoff.join('\n'))?.[0];
    expect(ticketId).toBeDefined();
    const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.8.0.1', payload: { username: 'lucia', password: 'lucia-password-1' } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const post = (url: string, payload: unknown = {}) => harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const detail = async () => ((await harness.app.inject({ method: 'GET', url: `/api/agent/tickets/${ticketId}`, headers: { cookie } })).json() as { ticket: { replyWindow: Record<string, unknown> } }).ticket.replyWindow;
    expect((await post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);

    const inside = await detail();
    expect(inside).toMatchObject({ open: true, onReply: 'send' });
    expect(Date.parse(String(inside.closesAt)) - now.getTime()).toBeGreaterThan(23 * 3_600_000);

    now = new Date(now.getTime() + 25 * 3_600_000);
    expect(await detail()).toMatchObject({ open: false, onReply: 'refused' });
    const sentBefore = clients.at(-1)!.sent.length;
    const refused = await post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola, ¿sigue el problema?' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const body = refused.json() as { error: { code: string; message: string; fallback?: string } };
    expect(body.error.code).toBe('E_CHANNEL_SEND');
    expect(body.error.message).toMatch(/25 h ago, outside whatsapp's 24-hour reply window/);
    expect(body.error.fallback).toBeUndefined();
    expect(clients.at(-1)!.sent).toHaveLength(sentBefore);

    // With the customer's e-mail address known, the console is offered e-mail instead.
    await harness.lockcare.core.updateState(conversationKey('whatsapp', CHAT), (state) => void (state.facts.email = 'recepcion@hotel.example'));
    expect(await detail()).toMatchObject({ open: false, onReply: 'refused', fallback: 'email' });
    const offered = (await post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola, ¿sigue el problema?' })).json() as typeof body;
    expect(offered.error).toMatchObject({ code: 'E_CHANNEL_SEND', fallback: 'email' });
    expect(offered.error.message).toMatch(/answer by e-mail instead/);
  });
});
