import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail, startEmailHarness, type EmailHarness } from '../helpers/email-harness.js';
import { startFakeOpenAi, type ChatRequest } from '../helpers/fake-openai.js';
import type { RecordedMail } from '../helpers/smtp-recorder.js';

/**
 * Desk translation on e-mail (TRANSLATION on: OPENAI_API_KEY), against the fake OpenAI server, a
 * real Dovecot and a real SMTP server: an English-writing agent answers a Spanish mail, and the
 * mail that reaches SMTP is Spanish, in the thread; the transcript keeps both texts.
 */
const CUSTOMER_ES = 'Hola, la tarjeta del huésped no abre la puerta de la habitación 7, la cerradura da luz roja.';
const AGENT_EN = 'Hello, please hold the card flat against the reader for two seconds. Your ticket stays open.';
const AGENT_ES = 'Hola, sostenga la tarjeta plana contra el lector durante dos segundos. Su ticket sigue abierto.';

function fakeModel(request: ChatRequest) {
  const system = request.messages[0]?.content ?? '';
  const user = request.messages.at(-1)?.content ?? '';
  if (!system.startsWith('You translate')) return { content: '{"topic":"none"}' };
  if (user === AGENT_EN) return { content: AGENT_ES };
  return { content: `[translated] ${user}` };
}

let model: Awaited<ReturnType<typeof startFakeOpenAi>>;
let harness: EmailHarness;
beforeAll(async () => {
  model = await startFakeOpenAi(fakeModel);
  harness = await startEmailHarness({ EMAIL_POLL_MS: '600000', OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'fake-translator-1' });
});
afterAll(async () => {
  await harness?.close();
  await model?.close();
});

type Entry = { from: string; text: string; original?: string; translation?: string; model?: string };

describe('agent replies on e-mail, translated', () => {
  it("an English agent's reply reaches the Spanish customer in Spanish, in the thread, and the transcript keeps both texts", async () => {
    const customer = 'pilar@hotel-luna.test';
    const mail = rawMail({ from: `Pilar <${customer}>`, subject: 'Tarjeta rechazada', text: CUSTOMER_ES });
    const count = harness.smtp.mails.length;
    await harness.deliver(mail.raw);
    const [first] = (await harness.smtp.waitFor(count + 1)).slice(count) as RecordedMail[];
    const ticketId = /\[(LC-\d{6})\]/.exec(first!.parsed.subject ?? '')![1]!;

    const post = await harness.agent();
    expect((await post(`/api/agent/tickets/${ticketId}/claim`)).statusCode).toBe(200);
    const sent = await post(`/api/agent/tickets/${ticketId}/messages`, { text: AGENT_EN });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().sent).toEqual({ text: AGENT_ES, original: AGENT_EN, model: 'fake-translator-1' });
    const [reply] = (await harness.smtp.waitFor(count + 2)).slice(count + 1);
    expect(reply!.to).toEqual([customer]);
    expect(reply!.parsed.text).toContain(AGENT_ES);
    expect(reply!.parsed.text).not.toContain(AGENT_EN);
    expect(reply!.parsed.html).toContain('lang="es"');
    expect(reply!.parsed.subject).toBe(`Re: [${ticketId}] Tarjeta rechazada`);
    const references = reply!.parsed.references;
    expect(Array.isArray(references) ? references : [references]).toContain(mail.messageId);
    const request = model.translations().find((item) => item.messages.at(-1)?.content === AGENT_EN);
    expect(request?.messages[0]?.content).toContain('Spanish');

    const view = await harness.app.inject({ method: 'GET', url: `/api/agent/tickets/${ticketId}`, headers: { cookie: await cookieOf() } });
    const transcript = (view.json() as { ticket: { transcript: Entry[] } }).ticket.transcript;
    const agentEntry = transcript.find((entry) => entry.from === 'agent')!;
    expect(agentEntry).toMatchObject({ text: AGENT_ES, original: AGENT_EN, translation: AGENT_ES, model: 'fake-translator-1' });
    // The English agent reads the customer's mail with a translation under it, as on other channels.
    const customerEntry = transcript.find((entry) => entry.from === 'customer')!;
    expect(customerEntry.text).toContain(CUSTOMER_ES);
    expect(customerEntry.translation).toContain('[translated]');
  });
});

async function cookieOf(): Promise<string> {
  const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.5.1', payload: { username: 'lucia', password: 'lucia-password-1' } });
  return String(signIn.headers['set-cookie']).split(';')[0]!;
}
