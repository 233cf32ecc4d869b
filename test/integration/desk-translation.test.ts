import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { startDeskWithModel } from '../helpers/desk-model-harness.js';
import type { ChatRequest } from '../helpers/fake-openai.js';

/**
 * Translation in the console against an OpenAI-compatible server on 127.0.0.1 (the fake model
 * below): an Arabic customer, an English-writing agent.
 */
const PASSWORD = 'translation-password-1';
const CUSTOMER_AR = 'أريد التحدث مع موظف، القفل RF200-2402-00231 لا يفتح';
const CUSTOMER_EN = 'I want to talk to an employee, the lock RF200-2402-00231 does not open';
const AGENT_EN = 'Please send a photo of lock RF200-2402-00231. Your ticket is LC-000042.';
const AGENT_AR = 'يرجى إرسال صورة للقفل RF200-2402-00231. رقم تذكرتك LC-000042.';
const SLOW = 'This one takes too long to translate.';
/** The fake model's dictionary: what it answers for each text it is asked to translate. */
const DICTIONARY = new Map([
  [CUSTOMER_AR, CUSTOMER_EN],
  [AGENT_EN, AGENT_AR],
]);

function fakeModel(request: ChatRequest) {
  const system = request.messages[0]?.content ?? '';
  const user = request.messages.at(-1)?.content ?? '';
  if (!system.startsWith('You translate')) return { content: '{"topic":"none"}' };
  if (user === SLOW) return { content: 'متأخر', delayMs: 3000 };
  return { content: DICTIONARY.get(user) ?? `[translated] ${user}` };
}

let desk: Awaited<ReturnType<typeof startDeskWithModel>>;
let model: typeof desk.model;
let harness: typeof desk.harness;

beforeAll(async () => {
  desk = await startDeskWithModel({
    agents: [
      { username: 'sam', role: 'agent' },
      { username: 'rania', role: 'agent', language: 'ar' },
    ],
    password: PASSWORD,
    answer: fakeModel,
    model: 'fake-translator-1',
    translationTimeoutMs: 500,
  });
  ({ model, harness } = desk);
});
afterAll(async () => {
  await desk?.close();
});

async function signIn(username: string) {
  const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: `10.20.0.${username.length}`, payload: { username, password: PASSWORD } });
  expect(response.statusCode).toBe(200);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return {
    session: response.json() as { agent: { language: string }; translation: { enabled: boolean; model: string | null } },
    get: (url: string) => harness.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload: unknown = {}) => harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) }),
  };
}

async function arabicCustomerTicket() {
  const conversation = await openWebConversation(harness.app);
  const { messages } = (await conversation.post({ text: CUSTOMER_AR })).json() as { messages: Array<{ text: string; kind?: string }> };
  const ticketId = /LC-\d{6}/.exec(messages.map((message) => message.text).join(' '))?.[0];
  expect(ticketId).toBeDefined();
  return { conversation, ticketId: ticketId! };
}

type Entry = { from: string; text: string; original?: string; translation?: string; model?: string; translationFailed?: boolean };
const transcriptOf = async (agent: Awaited<ReturnType<typeof signIn>>, ticketId: string) => ((await agent.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { transcript: Entry[] } }).ticket.transcript;

describe('translation between an Arabic customer and an English-writing agent', () => {
  it('says translation is on, with the model, and the agent\'s working language', async () => {
    const sam = await signIn('sam');
    expect(sam.session).toMatchObject({ agent: { language: 'en' }, translation: { enabled: true, model: 'fake-translator-1' } });
    expect((await signIn('rania')).session.agent.language).toBe('ar');
  });

  it('shows the agent the English translation of the customer\'s Arabic message, under the original', async () => {
    const { ticketId } = await arabicCustomerTicket();
    const sam = await signIn('sam');
    const customer = (await transcriptOf(sam, ticketId)).find((entry) => entry.from === 'customer')!;
    expect(customer).toMatchObject({ text: CUSTOMER_AR, original: CUSTOMER_AR, translation: CUSTOMER_EN, model: 'fake-translator-1' });
    // What the bot told the customer in Arabic is shown to the agent with a translation too.
    const bot = (await transcriptOf(sam, ticketId)).filter((entry) => entry.from === 'bot' || entry.from === 'system');
    expect(bot.length).toBeGreaterThan(0);
    for (const entry of bot) expect(entry).toMatchObject({ original: entry.text, translation: `[translated] ${entry.text}`, model: 'fake-translator-1' });
    // An Arabic-speaking agent reads the same message as written, with no translation.
    const rania = await signIn('rania');
    const asWritten = (await transcriptOf(rania, ticketId)).find((entry) => entry.from === 'customer')!;
    expect(asWritten.text).toBe(CUSTOMER_AR);
    expect(asWritten.translation).toBeUndefined();
    for (const entry of (await transcriptOf(rania, ticketId)).filter((item) => item.from !== 'customer')) expect(entry.translation).toBeUndefined();
  });

  it('sends the customer Arabic, keeps serials and ticket ids unchanged, and the transcript keeps both texts with the model', async () => {
    const { conversation, ticketId } = await arabicCustomerTicket();
    const sam = await signIn('sam');
    expect((await sam.post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const preview = await sam.post('/api/agent/translate', { text: AGENT_EN, to: 'ar' });
    expect(preview.json()).toEqual({ text: AGENT_AR, from: 'en', to: 'ar', model: 'fake-translator-1' });

    const sent = await sam.post(`/api/agent/tickets/${ticketId}/messages`, { text: AGENT_EN });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().sent).toEqual({ text: AGENT_AR, original: AGENT_EN, model: 'fake-translator-1' });
    const history = (await harness.app.inject({ method: 'GET', url: `/api/web/conversations/${conversation.conversationId}/messages`, headers: { authorization: `Bearer ${conversation.token}` } })).json() as { messages: Array<{ from: string; text: string }> };
    expect(history.messages.filter((message) => message.from === 'agent').map((message) => message.text)).toEqual([AGENT_AR]);

    const request = model.translations().find((item) => item.messages.at(-1)?.content === AGENT_EN)!;
    const system = request.messages[0]!.content;
    expect(system).toContain('into Modern Standard Arabic');
    expect(system).toMatch(/serial numbers.*ticket ids.*phone numbers.*URLs.*numbers.*product names/s);
    expect(request).toMatchObject({ model: 'fake-translator-1', temperature: 0 });
    expect(request.messages.at(-1)!.content).toContain('RF200-2402-00231');
    expect(request.messages.at(-1)!.content).toContain('LC-000042');

    const agentEntry = (await transcriptOf(sam, ticketId)).find((entry) => entry.from === 'agent')!;
    expect(agentEntry).toMatchObject({ text: AGENT_AR, original: AGENT_EN, translation: AGENT_AR, model: 'fake-translator-1' });

    // The ticket's audit log shows the sign-in behind the agent's actions, once per session.
    const audit = ((await sam.get(`/api/agent/tickets/${ticketId}`)).json() as { ticket: { audit: Array<{ actor: string; action: string; at: string }> } }).ticket.audit;
    expect(audit.map((entry) => `${entry.actor} ${entry.action}`)).toEqual(['sam sign-in', 'sam claim', 'sam reply']);
    expect(Date.parse(audit[0]!.at)).toBeLessThanOrEqual(Date.parse(audit[1]!.at));
  });

  it('caches translations by (text, source, target): the same message is not sent to the model twice', async () => {
    const sam = await signIn('sam');
    const before = model.translations().filter((item) => item.messages.at(-1)?.content === 'Thank you for waiting.').length;
    for (let n = 0; n < 3; n += 1) expect((await sam.post('/api/agent/translate', { text: 'Thank you for waiting.', to: 'es' })).json().text).toBe('[translated] Thank you for waiting.');
    expect(model.translations().filter((item) => item.messages.at(-1)?.content === 'Thank you for waiting.').length - before).toBe(1);
    const spanish = model.translations().find((item) => item.messages.at(-1)?.content === 'Thank you for waiting.')!;
    expect(spanish.messages[0]!.content).toContain('neutral international Spanish');
  });

  it('sends an edited preview as written, keeping what the agent wrote; send-original skips translation', async () => {
    const { ticketId } = await arabicCustomerTicket();
    const sam = await signIn('sam');
    await sam.post(`/api/agent/tickets/${ticketId}/claim`);
    const edited = await sam.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'شكرًا لانتظارك', original: 'Thanks for waiting', translate: false });
    expect(edited.json().sent).toEqual({ text: 'شكرًا لانتظارك', original: 'Thanks for waiting', model: 'fake-translator-1' });
    const plain = await sam.post(`/api/agent/tickets/${ticketId}/messages`, { text: 'OK', translate: false });
    expect(plain.json().sent).toEqual({ text: 'OK' });
  });

  it('a model timeout does not block the reply: the agent is told, and can send the original', async () => {
    const { conversation, ticketId } = await arabicCustomerTicket();
    const sam = await signIn('sam');
    await sam.post(`/api/agent/tickets/${ticketId}/claim`);
    const failed = await sam.post(`/api/agent/tickets/${ticketId}/messages`, { text: SLOW });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error).toMatchObject({ code: 'E_TRANSLATION', message: expect.stringContaining('send the original') });
    const original = await sam.post(`/api/agent/tickets/${ticketId}/messages`, { text: SLOW, translate: false });
    expect(original.json().sent).toEqual({ text: SLOW });
    const history = (await harness.app.inject({ method: 'GET', url: `/api/web/conversations/${conversation.conversationId}/messages`, headers: { authorization: `Bearer ${conversation.token}` } })).json() as { messages: Array<{ from: string; text: string }> };
    expect(history.messages.filter((message) => message.from === 'agent').map((message) => message.text)).toEqual([SLOW]);
    // While the model is not answering, the ticket view still opens, marking what it could not translate.
    const view = await sam.get(`/api/agent/tickets/${ticketId}`);
    expect(view.statusCode).toBe(200);
  });
});

describe('without a key', () => {
  it('says translation is off, refuses the preview, and sends replies as typed', async () => {
    const plain = await createTestApp({ AGENTS_FILE: desk.agentsFile });
    try {
      const login = await plain.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.21.0.1', payload: { username: 'sam', password: PASSWORD } });
      expect(login.json()).toEqual({ agent: { username: 'sam', role: 'agent', language: 'en' }, translation: { enabled: false, model: null } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const post = (url: string, payload: unknown) => plain.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect((await post('/api/agent/translate', { text: 'Hello', to: 'ar' })).json().error.code).toBe('E_CONFLICT');
      const conversation = await openWebConversation(plain.app);
      const ticketId = /LC-\d{6}/.exec(((await conversation.post({ text: CUSTOMER_AR })).json() as { messages: Array<{ text: string }> }).messages.map((m) => m.text).join(' '))![0];
      await post(`/api/agent/tickets/${ticketId}/claim`, {});
      expect((await post(`/api/agent/tickets/${ticketId}/messages`, { text: AGENT_EN })).json().sent).toEqual({ text: AGENT_EN });
    } finally {
      await plain.close();
    }
  });
});
