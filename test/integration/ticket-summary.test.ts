import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { startDeskWithModel } from '../helpers/desk-model-harness.js';
import type { ChatRequest } from '../helpers/fake-openai.js';

/**
 * The three-line ticket summary against an OpenAI-compatible server on 127.0.0.1 (the fake model
 * below): written in the background when a ticket opens, again on demand in the asking agent's
 * language, never about warranty, and never in the way of the ticket when the model fails.
 */
const PASSWORD = 'summary-password-1';
const SLOW_MARKER = 'RF200-2402-00999';
/** The fake model's summary always claims the lock is under warranty: the console must not believe it. */
const ENGLISH_SUMMARY = [
  '1. The lock RF200-2402-00231 at Hotel Azul does not open with any guest card.',
  '2. The bot asked for the serial number and whether the light flashes red; it flashes red.',
  '3. The lock is still under warranty, so the repair is free.',
  '4. The customer wants a technician to visit today.',
].join('\n');
const ARABIC_SUMMARY = 'القفل RF200-2402-00231 لا يفتح.\nطلب الروبوت الرقم التسلسلي.\nالعميل يريد زيارة فني.';

function fakeModel(request: ChatRequest) {
  const system = request.messages[0]?.content ?? '';
  const user = request.messages.at(-1)?.content ?? '';
  if (!system.startsWith('You summarise')) return { content: '{"topic":"none"}' };
  if (user.includes(SLOW_MARKER)) return { content: 'too late', delayMs: 4000 };
  return { content: system.includes('Arabic') ? ARABIC_SUMMARY : ENGLISH_SUMMARY, delayMs: 800 };
}

let desk: Awaited<ReturnType<typeof startDeskWithModel>>;
let model: typeof desk.model;
let harness: typeof desk.harness;
const handoff = () => harness.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;
const summaryRequests = () => model.requests.filter((request) => request.messages[0]?.content.startsWith('You summarise'));

beforeAll(async () => {
  desk = await startDeskWithModel({
    agents: [
      { username: 'sam', role: 'agent' },
      { username: 'mei', role: 'admin', language: 'zh' },
      { username: 'rania', role: 'agent', language: 'ar' },
    ],
    password: PASSWORD,
    answer: fakeModel,
    model: 'fake-summarizer-1',
    translationTimeoutMs: 2000,
  });
  ({ model, harness } = desk);
});
afterAll(async () => {
  await desk?.close();
});

async function signIn(app: typeof harness.app, username: string) {
  const response = await app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: `10.30.0.${username.length}`, payload: { username, password: PASSWORD } });
  expect(response.statusCode).toBe(200);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) }),
  };
}

/** A customer whose warranty check said `expired`, who then asks for a person. */
async function openTicket(app: typeof harness.app, serial = 'RF200-2402-00231') {
  const conversation = await openWebConversation(app);
  await conversation.post({ text: 'hello' });
  await harness.lockcare.core.updateState(`web:${conversation.conversationId}`, (state) => {
    state.facts.hotel = 'Hotel Azul';
    state.facts.serial = serial;
    state.facts.warranty = { serial, model: 'RF-200', policy: 'global-12m', status: 'expired', asOf: '2026-11-30', remedies: [], reasons: [] };
  });
  const answer = await conversation.post({ text: `I want to talk to a person, the lock ${serial} does not open` });
  const ticketId = /LC-\d{6}/.exec((answer.json() as { messages: Array<{ text: string }> }).messages.map((message) => message.text).join(' '))?.[0];
  expect(ticketId).toBeDefined();
  return ticketId!;
}

const storedTicket = async (id: string) => JSON.parse((await harness.lockcare.store.get(`ticket:${id}`))!) as { id: string; summary?: Record<string, unknown>; status: string };
type View = { state: string; generated: { text: string; model: string; at: string; language: string } | null; warranty: { status: string; serial: string | null } | null };

describe('ticket summary', () => {
  it('is written after the ticket opens, in the first admin\'s language, from the transcript and the facts, and stored on the ticket', async () => {
    const before = summaryRequests().length;
    const ticketId = await openTicket(harness.app);
    // The customer already has the ticket number: the summary was not waited for.
    expect((await storedTicket(ticketId)).summary).toBeUndefined();
    await vi.waitFor(async () => expect((await storedTicket(ticketId)).summary).toBeDefined(), { timeout: 15_000, interval: 100 });

    const stored = (await storedTicket(ticketId)).summary!;
    expect(Object.keys(stored).sort()).toEqual(['at', 'language', 'model', 'text']);
    expect(stored).toMatchObject({ model: 'fake-summarizer-1', language: 'zh' });
    expect(Date.parse(String(stored.at))).not.toBeNaN();

    const request = summaryRequests().slice(before).find((item) => item.messages.at(-1)!.content.includes(ticketId))!;
    expect(request.messages[0]!.content).toContain('Simplified Chinese');
    const input = request.messages.at(-1)!.content;
    expect(input).toContain('I want to talk to a person, the lock RF200-2402-00231 does not open');
    expect(input).toContain('[customer] hello');
    expect(input).toContain('"hotel":"Hotel Azul"');
    // The warranty result is not asked of the model.
    expect(input).not.toContain('expired');
    expect(input).not.toContain('global-12m');
  });

  it('shows the warranty engine\'s status, never the model\'s: a line about warranty is dropped', async () => {
    const ticketId = await openTicket(harness.app);
    await vi.waitFor(async () => expect((await storedTicket(ticketId)).summary).toBeDefined(), { timeout: 15_000, interval: 100 });
    const sam = await signIn(harness.app, 'sam');
    const view = ((await sam.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { summary: View } }).ticket.summary;
    expect(view.state).toBe('ready');
    expect(view.warranty).toMatchObject({ status: 'expired', serial: 'RF200-2402-00231' });
    expect(view.generated!.text.split('\n')).toEqual([
      'The lock RF200-2402-00231 at Hotel Azul does not open with any guest card.',
      'The bot asked for the serial number and whether the light flashes red; it flashes red.',
      'The customer wants a technician to visit today.',
    ]);
    expect(view.generated!.text).not.toMatch(/warranty|free/i);
  });

  it('is rewritten on demand in the asking agent\'s language', async () => {
    const ticketId = await openTicket(harness.app);
    await vi.waitFor(async () => expect((await storedTicket(ticketId)).summary).toBeDefined(), { timeout: 15_000, interval: 100 });
    const rania = await signIn(harness.app, 'rania');
    const response = await rania.post(`/api/agent/tickets/${ticketId}/summary`);
    expect(response.statusCode).toBe(200);
    expect(response.json().summary).toMatchObject({ text: ARABIC_SUMMARY, language: 'ar', model: 'fake-summarizer-1' });
    expect((await storedTicket(ticketId)).summary).toMatchObject({ text: ARABIC_SUMMARY, language: 'ar' });
    expect(summaryRequests().at(-1)!.messages[0]!.content).toContain('Modern Standard Arabic');
  });

  it('a model timeout leaves the ticket intact; the console says "unavailable, try again"', async () => {
    const ticketId = await openTicket(harness.app, SLOW_MARKER);
    await handoff().summaries.settle();
    const ticket = await storedTicket(ticketId);
    expect(ticket).toMatchObject({ id: ticketId, status: 'open' });
    expect(ticket.summary).toBeUndefined();
    const sam = await signIn(harness.app, 'sam');
    const view = await sam.get(`/api/agent/tickets/${ticketId}`);
    expect(view.statusCode).toBe(200);
    expect((view.json() as { ticket: { summary: View } }).ticket.summary).toMatchObject({ state: 'failed', generated: null, warranty: { status: 'expired' } });
    const again = await sam.post(`/api/agent/tickets/${ticketId}/summary`);
    expect(again.statusCode).toBe(502);
    expect(again.json().error.code).toBe('E_SUMMARY');
    // The agent can still claim and answer.
    expect((await sam.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
  });
});

describe('without a key', () => {
  it('writes no summary, says summaries are off, and the ticket works as before', async () => {
    const plain = await createTestApp({ AGENTS_FILE: desk.agentsFile });
    const saved = harness;
    try {
      harness = plain;
      const ticketId = await openTicket(plain.app);
      const sam = await signIn(plain.app, 'sam');
      const view = await sam.get(`/api/agent/tickets/${ticketId}`);
      expect((view.json() as { ticket: { summary: View } }).ticket.summary).toEqual({ state: 'off', generated: null, warranty: { status: 'expired', serial: 'RF200-2402-00231', policy: 'global-12m', asOf: '2026-11-30' } });
      const refused = await sam.post(`/api/agent/tickets/${ticketId}/summary`);
      expect(refused.statusCode).toBe(409);
      expect((await sam.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
      expect((await storedTicket(ticketId)).summary).toBeUndefined();
    } finally {
      harness = saved;
      await plain.close();
    }
  });
});
