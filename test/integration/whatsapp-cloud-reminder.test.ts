import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsappCloudChannelSetup } from '../../src/channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { REMINDERS_KEY } from '../../src/channels/whatsapp-cloud/whatsapp-cloud-reminders.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { startFakeGraphApi } from '../fixtures/whatsapp-cloud/fake-graph-api.js';
import { bodyOf, cloudJourney } from '../fixtures/whatsapp-cloud/journey.js';
import { createTestApp } from '../helpers/app-harness.js';

/**
 * The `ticket_reminder` template: an agent reply held behind the `ticket_update` template that the
 * customer leaves unanswered for WHATSAPP_CLOUD_REMINDER_HOURS gets one reminder, driven by the
 * reminder poll on the test clock, against the fake Graph API.
 */
const SECRET = 'app-secret-for-tests';
const TOKEN = 'EAAG-test-token';
const PHONE_ID = '106540352242922';
const HOUR = 3_600_000;

type Harness = Awaited<ReturnType<typeof createTestApp>>;
type Graph = Awaited<ReturnType<typeof startFakeGraphApi>>;

/** An app with the WhatsApp Cloud channel on the fake Graph API and a clock the test moves. */
function cloudApp(env: Record<string, string>) {
  const state = { now: new Date(), dir: '', graph: undefined as unknown as Graph, harness: undefined as unknown as Harness };
  beforeAll(async () => {
    state.dir = mkdtempSync(join(tmpdir(), 'lockcare-wacloud-reminder-'));
    writeAgentsFile(join(state.dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword('lucia-password-1') }]);
    state.graph = await startFakeGraphApi({ token: TOKEN, phoneNumberId: PHONE_ID });
    state.harness = await createTestApp(
      {
        CHANNELS: 'web,whatsapp-cloud',
        OUTBOUND_MIN_INTERVAL_MS: '0',
        AGENTS_FILE: join(state.dir, 'agents.json'),
        // The interval never fires during a test: each test polls after moving the clock.
        SLA_POLL_MS: String(HOUR),
        WHATSAPP_CLOUD_API_URL: state.graph.apiUrl,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_ID,
        WHATSAPP_CLOUD_ACCESS_TOKEN: TOKEN,
        WHATSAPP_CLOUD_APP_SECRET: SECRET,
        WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-me',
        WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE: 'lockcare_ticket_update',
        WHATSAPP_CLOUD_RETRY_BASE_MS: '5',
        ...env,
      },
      { clock: { now: () => new Date(state.now) } },
    );
    await state.harness.lockcare.start();
  });
  afterAll(async () => {
    await state.harness?.close();
    await state.graph?.close();
    rmSync(state.dir, { recursive: true, force: true });
  });

  const journey = cloudJourney({ harness: () => state.harness, graph: () => state.graph, secret: SECRET, now: () => state.now });
  const reminders = () => (state.harness.lockcare.channels.get('whatsapp-cloud') as WhatsappCloudChannelSetup).reminders;
  const advance = (ms: number) => void (state.now = new Date(state.now.getTime() + ms));

  /**
   * A customer hands off to a person, the agent claims the ticket, the customer goes quiet for 25 h,
   * and the agent's reply goes out as the `ticket_update` template with the text held.
   */
  async function heldReply(from: string, reply: string) {
    const { ticketId, agent, say } = await journey.handOffAndClaim(from, { username: 'lucia', password: 'lucia-password-1' });
    advance(25 * HOUR);
    const before = state.graph.calls.length;
    expect((await agent.post(`/api/agent/tickets/${ticketId}/messages`, { text: reply })).statusCode).toBe(200);
    expect(state.graph.sent(before).map((payload) => (payload.template as { name: string } | undefined)?.name)).toEqual(['lockcare_ticket_update']);
    const notes = async () => ((await agent.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { notes: Array<{ author: string; text: string }> } }).ticket.notes;
    return { ticketId, agent, say, notes };
  }

  /** The templates sent to `to` since call index `from`, by name. */
  const templatesTo = (to: string, from = 0) =>
    state.graph.sent(from).filter((payload) => payload.to === to && payload.type === 'template').map((payload) => (payload.template as { name: string }).name);

  return { state, journey, reminders, advance, heldReply, templatesTo };
}

describe('WhatsApp Cloud ticket_reminder (WHATSAPP_CLOUD_REMINDER_HOURS=24, the default)', () => {
  const app = cloudApp({ WHATSAPP_CLOUD_TEMPLATE_TICKET_REMINDER: 'lockcare_ticket_reminder' });
  const { state } = app;
  const t = () => state.harness.lockcare.translator;

  it('an agent reply held and unanswered for 24 h sends the ticket_reminder template once, with the ticket id, and notes it on the ticket', async () => {
    const customer = '34655100001';
    const { ticketId, say, notes } = await app.heldReply(customer, 'Hola: cambie las pilas, por favor.');
    const heldAt = state.graph.calls.length;

    app.advance(23 * HOUR);
    await app.reminders().tick();
    expect(app.templatesTo(customer, heldAt)).toEqual([]);

    app.advance(HOUR + 60_000);
    await app.reminders().tick();
    expect(state.graph.sent(heldAt)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: customer,
        type: 'template',
        template: { name: 'lockcare_ticket_reminder', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: ticketId }] }] },
      },
    ]);
    expect(await notes()).toContainEqual(expect.objectContaining({ author: 'LockCare', text: t().t('en', 'handoff.delivery.reminderSent', { template: 'lockcare_ticket_reminder', hours: 24 }) }));

    // Never a second reminder for the same held reply.
    app.advance(48 * HOUR);
    await app.reminders().tick();
    expect(app.templatesTo(customer, heldAt)).toEqual(['lockcare_ticket_reminder']);

    // The customer answers the reminder: the agent's text is delivered, once.
    const answered = await app.journey.exchange(say('perdón, ya estoy'), 1);
    expect(answered.filter((payload) => bodyOf(payload)?.includes('cambie las pilas'))).toHaveLength(1);
  });

  it('no reminder when the customer answered in time, or when the ticket was resolved meanwhile', async () => {
    const answering = '34655100002';
    const first = await app.heldReply(answering, 'Hola: pruebe con la tarjeta maestra.');
    app.advance(2 * HOUR);
    const answered = await app.journey.exchange(first.say('ok'), 1);
    expect(answered.filter((payload) => bodyOf(payload)?.includes('tarjeta maestra'))).toHaveLength(1);

    const resolved = '34655100003';
    const second = await app.heldReply(resolved, 'Hola: ya está arreglado en el sistema.');
    expect((await second.agent.post(`/api/agent/tickets/${second.ticketId}/resolve`)).statusCode).toBe(200);

    const from = state.graph.calls.length;
    app.advance(30 * HOUR);
    await app.reminders().tick();
    expect(app.templatesTo(answering, from)).toEqual([]);
    expect(app.templatesTo(resolved, from)).toEqual([]);
    expect((await second.notes()).map((note) => note.text)).not.toContain(t().t('en', 'handoff.delivery.reminderSent', { template: 'lockcare_ticket_reminder', hours: 24 }));
  });

  it('a second agent reply while the first is held re-arms the reminder from the newer template, still once', async () => {
    const customer = '34655100004';
    const { ticketId, agent } = await app.heldReply(customer, 'Hola: primera respuesta.');
    app.advance(20 * HOUR);
    expect((await agent.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Y una segunda respuesta.' })).statusCode).toBe(200);
    const from = state.graph.calls.length;

    app.advance(5 * HOUR); // 25 h after the first template, 5 h after the second
    await app.reminders().tick();
    expect(app.templatesTo(customer, from)).toEqual([]);
    app.advance(20 * HOUR);
    await app.reminders().tick();
    await app.reminders().tick();
    expect(app.templatesTo(customer, from)).toEqual(['lockcare_ticket_reminder']);
  });

  it('processes polling at the same moment send one reminder between them (store claim)', async () => {
    const customer = '34655100005';
    await app.heldReply(customer, 'Hola: revise el cableado.');
    const from = state.graph.calls.length;
    app.advance(25 * HOUR);
    const { store } = state.harness.lockcare;
    const due = await store.sortedAll(REMINDERS_KEY);
    const holds = await store.getMany(due.map(({ member }) => `whatsapp-cloud:hold:${member}`));
    const results = await Promise.all([app.reminders().runDue(), app.reminders().runDue(), app.reminders().runDue()]);
    expect(results.flat()).toHaveLength(1);
    expect(app.templatesTo(customer, from)).toEqual(['lockcare_ticket_reminder']);

    // A process that sent the reminder and died before removing it from the schedule: the next
    // poll finds it due again, and still sends nothing more.
    for (const [index, { member, score }] of due.entries()) {
      await store.sortedAdd(REMINDERS_KEY, member, score);
      await store.set(`whatsapp-cloud:hold:${member}`, holds[index]!);
    }
    await app.reminders().tick();
    expect(app.templatesTo(customer, from)).toEqual(['lockcare_ticket_reminder']);
  });

  it('a reminder the API refuses is noted on the ticket with the reason, and not tried again', async () => {
    const customer = '34655100006';
    const { notes } = await app.heldReply(customer, 'Hola: llamaremos mañana.');
    const from = state.graph.calls.length;
    app.advance(25 * HOUR);
    state.graph.failNext(131026);
    await app.reminders().tick();
    expect((await notes()).some((note) => note.author === 'LockCare' && note.text.includes('lockcare_ticket_reminder') && note.text.includes('131026'))).toBe(true);
    app.advance(25 * HOUR);
    await app.reminders().tick();
    expect(state.graph.calls.slice(from).filter((call) => call.method === 'POST').map((call) => call.status)).toEqual([400]);
  });
});

describe.each<{ name: string; env: Record<string, string> }>([
  { name: 'no ticket_reminder template configured', env: {} },
  { name: 'WHATSAPP_CLOUD_REMINDER_HOURS=0', env: { WHATSAPP_CLOUD_TEMPLATE_TICKET_REMINDER: 'lockcare_ticket_reminder', WHATSAPP_CLOUD_REMINDER_HOURS: '0' } },
])('WhatsApp Cloud ticket_reminder off: $name', ({ env }) => {
  const app = cloudApp(env);

  it('never sends a reminder', async () => {
    const customer = '34655200001';
    await app.heldReply(customer, 'Hola: cambie las pilas, por favor.');
    const from = app.state.graph.calls.length;
    for (const hours of [1, 24, 48, 100]) {
      app.advance(hours * HOUR);
      await app.reminders().tick();
    }
    expect(app.state.graph.sent(from)).toEqual([]);
  });
});
