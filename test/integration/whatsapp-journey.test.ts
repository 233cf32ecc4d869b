import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import type { WhatsappChannel } from '../../src/channels/whatsapp/whatsapp-channel.js';
import { FakeWhatsappClient, loadFixture, messageFrom } from '../fixtures/whatsapp/fake-whatsapp-client.js';
import { createTestApp } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';
import { labelsOf, realFaq, stepText } from '../helpers/faq-harness.js';

/** The real app (all features, Redis) with whatsapp-web.js replaced by the fake client. */
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

const t = testTranslator();
const CHAT = '34612345678@c.us';
const PASSWORD = 'lucia-password-1';
let dir: string;
let harness: Awaited<ReturnType<typeof createTestApp>>;
let openTicket = '';
const prefix = `wa-journey-${randomUUID()}:`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-wa-journey-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword(PASSWORD) }]);
  const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  harness = await createTestApp({ CHANNELS: 'web,whatsapp', OUTBOUND_MIN_INTERVAL_MS: '0', AGENTS_FILE: join(dir, 'agents.json') }, { store });
  await harness.lockcare.start();
});
afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** The customer writes on WhatsApp; returns what the bot sent back to the phone. */
async function customerWrites(body: string, id = `3EB0JOURNEY${++counter}`): Promise<string[]> {
  const client = clients.at(-1)!;
  const before = client.sent.length;
  client.receive(messageFrom(loadFixture('text'), { body, id }));
  await (harness.lockcare.channels.get('whatsapp')!.adapter as WhatsappChannel).idle();
  return client.sent.slice(before).map((item) => {
    expect(item.chatId).toBe(CHAT);
    return item.content;
  });
}

describe('WhatsApp journey: Spanish troubleshooting, a person, an agent reply on WhatsApp', () => {
  it('walks a step by number, escalates, and the agent reply reaches the phone', async () => {
    expect(harness.lockcare.supervisor.status().whatsapp).toMatchObject({ status: 'up' });
    const topic = (await realFaq()).topic('lock-no-response')!;

    const first = await customerWrites('la cerradura no hace nada, ni luz ni sonido', '3EB0JOURNEY-FIRST');
    const urgency = labelsOf(topic, 'es', 'urgency');
    expect(first.at(-1)).toBe(`${stepText(topic, 'es', 'urgency')}\n\n${urgency.map((label, index) => `${index + 1}. ${label}`).join('\n')}`);

    // WhatsApp delivers the same event again: no second reply.
    const client = clients.at(-1)!;
    const sentSoFar = client.sent.length;
    client.receive(messageFrom(loadFixture('text'), { body: 'la cerradura no hace nada, ni luz ni sonido', id: '3EB0JOURNEY-FIRST' }));
    await (harness.lockcare.channels.get('whatsapp')!.adapter as WhatsappChannel).idle();
    expect(client.sent).toHaveLength(sentSoFar);

    // "3" picks the third option of the numbered list.
    const next = await customerWrites('3');
    expect(next.at(-1)).toContain(stepText(topic, 'es', 'batteries'));
    expect(next.at(-1)).toContain(`1. ${labelsOf(topic, 'es', 'batteries')[0]}`);

    const handoff = await customerWrites('quiero hablar con una persona');
    const ticketId = /LC-\d{6}/.exec(handoff.join('\n'))?.[0];
    expect(ticketId).toBeDefined();

    const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.0.1', payload: { username: 'lucia', password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const post = (url: string, payload: unknown = {}) =>
      harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

    // A photo of the lock's display goes onto the ticket for the agent.
    const mediaBefore = client.sent.length;
    client.receive(messageFrom(loadFixture('image-caption')));
    await (harness.lockcare.channels.get('whatsapp')!.adapter as WhatsappChannel).idle();
    expect(client.sent.slice(mediaBefore).map((item) => item.content)).toEqual([t.t('es', 'handoff.mediaAttached', { ticket: ticketId })]);
    const ticket = (await harness.app.inject({ method: 'GET', url: `/api/agent/tickets/${ticketId}`, headers: { cookie } })).json() as {
      ticket: { media: Array<{ kind: string; caption?: string }> };
    };
    expect(ticket.ticket.media).toMatchObject([{ kind: 'image', caption: 'La pantalla del cerrojo muestra E4' }]);

    expect((await post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const before = client.sent.length;
    const reply = await post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola, soy Lucía. ¿Me confirma el número de habitación?' });
    expect(reply.statusCode).toBe(200);
    expect(client.sent.slice(before)).toEqual([{ chatId: CHAT, content: 'lucia: Hola, soy Lucía. ¿Me confirma el número de habitación?' }]);
    openTicket = ticketId!;
  });

  it('after a restart, the next agent reply still reaches the customer on WhatsApp', async () => {
    await harness.close();
    const store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
    harness = await createTestApp({ CHANNELS: 'web,whatsapp', OUTBOUND_MIN_INTERVAL_MS: '0', AGENTS_FILE: join(dir, 'agents.json') }, { store });
    await harness.lockcare.start();
    const client = clients.at(-1)!;
    expect(client.sent).toEqual([]);

    const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.0.2', payload: { username: 'lucia', password: PASSWORD } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const reply = await harness.app.inject({
      method: 'POST',
      url: `/api/agent/tickets/${openTicket}/messages`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'Sigo con su caso después del reinicio.' }),
    });
    expect(reply.statusCode).toBe(200);
    expect(client.sent).toEqual([{ chatId: CHAT, content: 'lucia: Sigo con su caso después del reinicio.' }]);
  });
});

describe('WhatsApp phone number in the warranty check', () => {
  it('a customer writing from the number on record is verified without the order number', async () => {
    const owner = '34961234567@c.us'; // Hotel Miramar Valencia, +34 961 234 567 in samples/registry.csv
    const client = clients.at(-1)!;
    const write = async (body: string) => {
      const before = client.sent.length;
      client.receive(messageFrom(loadFixture('text'), { from: owner, body, id: `3EB0WARRANTY${++counter}` }));
      await (harness.lockcare.channels.get('whatsapp')!.adapter as WhatsappChannel).idle();
      return client.sent.slice(before).map((item) => item.content);
    };
    const menu = await write('hola');
    expect(menu.at(-1)).toContain(`2. ${t.t('es', 'menu.options.warranty')}`);
    expect((await write('2')).join('\n')).toContain(t.t('es', 'warranty.askSerial'));
    expect((await write('RF200-2311-00012'))[0]).toBe(t.t('es', 'warranty.verifiedPhone'));
  });
});
