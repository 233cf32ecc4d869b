import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { startFakeGraphApi } from '../fixtures/whatsapp-cloud/fake-graph-api.js';
import { bodyOf, cloudJourney, interactiveOf } from '../fixtures/whatsapp-cloud/journey.js';
import { cloudWebhook, signWebhook } from '../fixtures/whatsapp-cloud/webhook.js';
import type { SurveyFeatureSetup } from '../../src/survey/survey-feature.js';
import { createTestApp } from '../helpers/app-harness.js';

const SECRET = 'app-secret-for-tests';
const TOKEN = 'EAAG-test-token';
const PHONE_ID = '106540352242922';
let now = new Date();
const startYear = now.getUTCFullYear();
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const clock = { now: () => new Date(now) };
let dir: string;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let harness: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-wacloud-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword('lucia-password-1') }]);
  graph = await startFakeGraphApi({ token: TOKEN, phoneNumberId: PHONE_ID, media: { '1003383421387256': { mimeType: 'image/jpeg', bytes: JPEG } } });
  harness = await createTestApp(
    {
      CHANNELS: 'web,whatsapp-cloud',
      OUTBOUND_MIN_INTERVAL_MS: '0',
      AGENTS_FILE: join(dir, 'agents.json'),
      WHATSAPP_CLOUD_API_URL: graph.apiUrl,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_ID,
      WHATSAPP_CLOUD_ACCESS_TOKEN: TOKEN,
      WHATSAPP_CLOUD_APP_SECRET: SECRET,
      WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-me',
      WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE: 'lockcare_ticket_update',
      WHATSAPP_CLOUD_TEMPLATE_SATISFACTION_SURVEY: 'lockcare_satisfaction_survey',
      WHATSAPP_CLOUD_RETRY_BASE_MS: '5',
    },
    { clock },
  );
  await harness.lockcare.start();
});
afterAll(async () => {
  await harness?.close();
  await graph?.close();
  rmSync(dir, { recursive: true, force: true });
});

const journey = cloudJourney({ harness: () => harness, graph: () => graph, secret: SECRET, now: () => now });
const { at, incoming, post, exchange } = journey;
const text = (body: string) => incoming('text', { text: { body } });
const LUCIA = { username: 'lucia', password: 'lucia-password-1' };

describe('WhatsApp Cloud API journeys (fake Graph API on 127.0.0.1)', () => {
  it('answers Meta\'s verification handshake only with the right verify token', async () => {
    const ok = await harness.app.inject({ method: 'GET', url: '/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444' });
    expect([ok.statusCode, ok.body]).toEqual([200, '1158201444']);
    const wrong = await harness.app.inject({ method: 'GET', url: '/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain('1158201444');
  });

  it('rejects unsigned and wrongly signed webhooks with 401 and processes nothing', async () => {
    const from = graph.calls.length;
    const body = text('hola');
    const raw = JSON.stringify(body);
    const unsigned = await harness.app.inject({ method: 'POST', url: '/api/whatsapp/webhook', headers: { 'content-type': 'application/json' }, payload: raw });
    expect(unsigned.statusCode).toBe(401);
    expect((await post(body, signWebhook(raw, 'another-secret'))).statusCode).toBe(401);
    expect((await post(body, signWebhook(`${raw} `, SECRET))).statusCode).toBe(401);
    // The same message id, correctly signed, is then answered: it was never seen before.
    const replies = await exchange(body, 2);
    expect(graph.calls.slice(from).filter((call) => call.method === 'POST')).toHaveLength(replies.length);
    expect(bodyOf(replies[0]!)).toBe(harness.lockcare.translator.forLanguage('es')('menu.greeting'));
  });

  it('a signed Spanish "hola" gets the greeting and the menu as an interactive message; a reply button picks the choice', async () => {
    const t = harness.lockcare.translator.forLanguage('es');
    const replies = await exchange(text('hola'), 1);
    const menu = interactiveOf(replies.at(-1)!);
    // Four options: a list message (reply buttons hold three at most).
    expect(menu.type).toBe('list');
    expect(menu.body.text).toBe(t('menu.prompt'));
    expect(menu.action.sections![0]!.rows.map((row) => row.title)).toEqual([t('menu.options.troubleshoot'), t('menu.options.warranty'), t('menu.options.human'), t('menu.options.language')]);

    const troubleshoot = menu.action.sections![0]!.rows[0]!;
    const asked = await exchange(incoming('interactive-list-reply', { interactive: { type: 'list_reply', list_reply: troubleshoot } }), 1);
    expect(bodyOf(asked.at(-1)!)).not.toBe(t('menu.prompt'));

    const step = await exchange(text('la tarjeta no abre la puerta'), 2);
    const question = interactiveOf(step.at(-1)!);
    expect(question?.type, `the reply ends with the step's buttons: ${JSON.stringify(step.map((payload) => payload.type))}`).toBe('button');
    const buttons = question.action.buttons!.map((button) => button.reply);
    expect(buttons.length).toBeLessThanOrEqual(3);
    for (const button of buttons) expect([...button.title].length).toBeLessThanOrEqual(20);

    const picked = await exchange(incoming('interactive-button-reply', { interactive: { type: 'button_reply', button_reply: buttons.at(-1) } }), 1);
    const next = bodyOf(picked.at(-1)!);
    expect(next).not.toBe(question.body.text);
    expect(next).not.toBe(t('common.notUnderstood'));
  });

  it('offers the FAQ\'s closest topics as a list message when the search is not sure', async () => {
    const t = harness.lockcare.translator.forLanguage('es');
    // A customer of their own: the first customer's last button opened a ticket, and while a ticket
    // waits, free text goes to the ticket (the menu no longer cancels it).
    const customer = { from: '34611222333' };
    await exchange(incoming('text', { ...customer, text: { body: 'hola' } }), 2);
    const replies = await exchange(incoming('text', { ...customer, text: { body: 'platano morado' } }), 1);
    const list = interactiveOf(replies.at(-1)!);
    expect(list.type).toBe('list');
    expect(list.body.text).toBe(t('faq.notSure'));
    const rows = list.action.sections![0]!.rows;
    expect(rows).toHaveLength(4);
    expect(rows.slice(0, 3).every((row) => /^faq:topic:[a-z-]+$/.test(row.id))).toBe(true);
    expect(rows.at(-1)!.title).toBe(t('faq.talkToPerson'));
  });

  it('the same webhook delivered twice gets one reply', async () => {
    const other = { from: '34600111222' };
    const body = incoming('text', { ...other, text: { body: 'hola' } });
    const from = graph.calls.length;
    await exchange(body, 2);
    expect((await post(body)).statusCode).toBe(200);
    // A later message's reply shows the queue has moved past the repeated delivery.
    await exchange(incoming('text', { ...other, text: { body: 'gracias' } }), 1);
    const greetings = graph.sent(from).filter((payload) => bodyOf(payload) === harness.lockcare.translator.forLanguage('es')('menu.greeting'));
    expect(greetings).toHaveLength(1);
  });

  it('an agent reply 25 hours after the customer\'s last message sends the ticket_update template; the text follows when the customer answers', async () => {
    const customer = { from: '34655000333' };
    const { ticketId, agent, say } = await journey.handOffAndClaim(customer.from, LUCIA);
    // A photo of the lock: downloaded from the media URL with the token and attached to the ticket.
    expect((await post(incoming('image', customer))).statusCode).toBe(200);
    const mediaOf = async () => ((await agent.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { media: Array<{ index: number; mimeType: string; stored?: boolean }> } }).ticket.media;
    await expect.poll(mediaOf).toEqual([expect.objectContaining({ mimeType: 'image/jpeg' })]);
    const [photo] = await mediaOf();
    const bytes = await agent.get(`/api/agent/tickets/${ticketId}/media/${photo!.index}`);
    expect(bytes.rawPayload.equals(JPEG)).toBe(true);
    expect(graph.calls.filter((call) => call.path.endsWith('1003383421387256')).every((call) => call.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const inside = (await agent.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { replyWindow: { open: boolean; onReply: string; closesAt: string } } };
    expect(inside.ticket.replyWindow).toMatchObject({ open: true, onReply: 'send' });

    now = new Date(now.getTime() + 25 * 3_600_000);
    const outside = (await agent.get(`/api/agent/tickets/${ticketId}`)).json() as typeof inside;
    expect(outside.ticket.replyWindow).toMatchObject({ open: false, onReply: 'template-then-hold' });
    const from = graph.calls.length;
    const reply = await agent.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola, soy Lucía: cambie las pilas y pruebe de nuevo.' });
    expect(reply.statusCode).toBe(200);
    expect(graph.sent(from)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: customer.from,
        type: 'template',
        template: { name: 'lockcare_ticket_update', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: ticketId }] }] },
      },
    ]);

    // The customer taps the template's quick reply: the held agent text is delivered first.
    const answered = await exchange(incoming('template-quick-reply', customer), 1);
    expect(bodyOf(answered[0]!)).toBe('lucia: Hola, soy Lucía: cambie las pilas y pruebe de nuevo.');
    // Delivered once: the next message does not repeat it.
    const later = await exchange(say('vale, gracias'), 0);
    expect(later.filter((payload) => bodyOf(payload)?.includes('cambie las pilas'))).toEqual([]);
  });

  it('held agent text that fails to send is kept for the customer\'s next message, and the customer\'s own message is still answered', async () => {
    const customer = { from: '34688000555' };
    const { ticketId, agent, say } = await journey.handOffAndClaim(customer.from, LUCIA);
    now = new Date(now.getTime() + 25 * 3_600_000);
    const from = graph.calls.length;
    expect((await agent.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola: pruebe con la tarjeta maestra.' })).statusCode).toBe(200);
    expect(graph.sent(from).map((payload) => payload.type)).toEqual(['template']);

    // The API refuses the first send after the customer answers: the held text stays held...
    graph.failNext(131047);
    await exchange(say('hola de nuevo'), 0);
    const held = await harness.lockcare.store.listRange(`whatsapp-cloud:held:${customer.from}`);
    expect(held).toHaveLength(1);
    expect(held[0]).toContain('pruebe con la tarjeta maestra');
    // ...and the customer's next message delivers it, once.
    const second = await exchange(say('sigo esperando'), 1);
    expect(second.filter((payload) => bodyOf(payload)?.includes('tarjeta maestra'))).toHaveLength(1);
    expect(await harness.lockcare.store.listRange(`whatsapp-cloud:held:${customer.from}`)).toEqual([]);
    const third = await exchange(say('gracias'), 0);
    expect(third.filter((payload) => bodyOf(payload)?.includes('tarjeta maestra'))).toEqual([]);
  });

  it('a reply inside the window that the API refuses with 131047 (re-engagement) sends the ticket_update template and holds the text', async () => {
    const customer = { from: '34699000666' };
    const { ticketId, agent, say } = await journey.handOffAndClaim(customer.from, LUCIA);
    // LockCare counts the window open (the customer wrote a minute ago); Meta disagrees (a clock
    // skew, or a message that never reached us) and answers 131047.
    const before = (await agent.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { replyWindow: { open: boolean } } };
    expect(before.ticket.replyWindow.open).toBe(true);
    graph.failNext(131047);
    const from = graph.calls.length;
    expect((await agent.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'Hola: reinicie el codificador, por favor.' })).statusCode).toBe(200);
    const posts = graph.calls.slice(from).filter((call) => call.method === 'POST');
    expect(posts.map((call) => [call.status, call.body!.type])).toEqual([
      [400, 'text'],
      [200, 'template'],
    ]);
    expect(bodyOf(posts[0]!.body!)).toContain('reinicie el codificador');
    expect(posts[1]!.body!.template).toEqual({ name: 'lockcare_ticket_update', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: ticketId }] }] });
    const held = await harness.lockcare.store.listRange(`whatsapp-cloud:held:${customer.from}`);
    expect(held).toHaveLength(1);
    expect(held[0]).toContain('reinicie el codificador');

    // The customer answers the template: the held text is delivered, once.
    const answered = await exchange(say('ok'), 1);
    expect(answered.filter((payload) => bodyOf(payload)?.includes('reinicie el codificador'))).toHaveLength(1);
    expect(await harness.lockcare.store.listRange(`whatsapp-cloud:held:${customer.from}`)).toEqual([]);
  });

  it('a 131056 pair rate limit is retried with backoff and then delivered; delivery statuses update the outbound record', async () => {
    graph.failNext(131056, 131056);
    const from = graph.calls.length;
    const replies = await exchange(incoming('text', { from: '34677000444', text: { body: 'hola' } }), 2);
    const posts = graph.calls.slice(from).filter((call) => call.method === 'POST');
    // Two refused attempts of the greeting, the third accepted, then the menu.
    expect(posts.map((call) => [call.status, bodyOf(call.body!)])).toEqual([
      [400, bodyOf(replies[0]!)],
      [400, bodyOf(replies[0]!)],
      [200, bodyOf(replies[0]!)],
      [200, bodyOf(replies[1]!)],
    ]);
    expect(bodyOf(replies[0]!)).toBe(harness.lockcare.translator.forLanguage('es')('menu.greeting'));

    // Meta reports the greeting delivered, then read.
    const channel = harness.lockcare.channels.get('whatsapp-cloud')!;
    const window = await channel.adapter.replyWindow!('34677000444');
    expect(window.open).toBe(true);
    const accepted = posts[2]!;
    const messageId = `wamid.fake${graph.calls.filter((call) => call.status === 200 && call.method === 'POST').indexOf(accepted) + 1}`;
    for (const status of ['delivered', 'read']) {
      const body = cloudWebhook('status-delivered');
      const value = (body.entry as Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }>)[0]!.changes[0]!.value;
      Object.assign(value.statuses[0]!, { id: messageId, status, recipient_id: '34677000444', timestamp: at() });
      expect((await post(body)).statusCode).toBe(200);
    }
    const record = async () => JSON.parse((await harness.lockcare.store.get(`whatsapp-cloud:outbound:${messageId}`)) ?? 'null') as unknown;
    let seen: unknown;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
      seen = await record();
      if ((seen as { status?: string } | null)?.status === 'read') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toMatchObject({ conversationId: '34677000444', type: 'text', status: 'read' });
  });

  it('the yearly survey reaches customers silent for over 24 hours through the approved survey template', async () => {
    const survey = harness.lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;
    const from = graph.calls.length;
    await survey.campaigns({ intervalMs: 0 }).run(startYear, 'admin');
    const templates = graph.sent(from).filter((payload) => payload.type === 'template');
    // These customers wrote more than 25 hours ago (the clock moved on above); the first customer
    // waits for an agent on an open ticket, so the campaign skips them ('talking-to-agent').
    expect(templates.map((payload) => payload.to).sort()).toEqual(expect.arrayContaining(['34600111222', '34611222333']));
    for (const payload of templates) expect(payload.template).toEqual({ name: 'lockcare_satisfaction_survey', language: { code: 'es' } });
    // No free-form survey text went to them.
    const freeForm = graph.sent(from).filter((payload) => payload.type !== 'template' && ['34600111222', '34611222333', '34612345678'].includes(String(payload.to)));
    expect(freeForm).toEqual([]);
  });

  it('tapping the survey template\'s quick reply only releases the held questions; the next message answers question 1', async () => {
    const t = harness.lockcare.translator.forLanguage('es');
    const survey = harness.lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;
    const customer = { from: '34600111222' };
    // The "Empezar" button of the approved satisfaction_survey template (no payload set at send:
    // Meta returns the text), in reply to the template message (`context.id`).
    const template = graph.calls.findLast((call) => call.body?.type === 'template' && call.body.to === customer.from && call.status === 200);
    expect(template?.messageId).toBeDefined();
    const tap = incoming('template-quick-reply', { ...customer, context: { from: '15550783881', id: template!.messageId }, button: { text: 'Empezar', payload: 'Empezar' } });
    const channel = harness.lockcare.channels.get('whatsapp-cloud')!;
    expect((await channel.adapter.replyWindow!(customer.from)).open).toBe(false);
    const released = await exchange(tap, 2);
    expect(released.map(bodyOf)).toEqual([t('survey.intro', { year: startYear }), t('survey.overall')]);
    // The tap is the customer writing: the 24-hour window is open again.
    expect((await channel.adapter.replyWindow!(customer.from)).open).toBe(true);
    expect((await survey.surveys.answers(startYear)).find((entry) => entry.customer.endsWith(customer.from))).toBeUndefined();
    // The same tap delivered again by Meta changes nothing.
    expect((await exchange(tap, 0))).toEqual([]);

    const speed = await exchange(incoming('text', { ...customer, text: { body: '4' } }), 1);
    expect(speed.map(bodyOf)).toEqual([t('survey.speed')]);
    const answer = (await survey.surveys.answers(startYear)).find((entry) => entry.customer.endsWith(customer.from));
    expect(answer?.answer).toMatchObject({ overall: 4, channel: 'whatsapp-cloud', language: 'es' });
  });
});
