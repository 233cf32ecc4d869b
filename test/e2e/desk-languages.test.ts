import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startFakeOpenAi } from '../helpers/fake-openai.js';
import { launchChromium } from './browser.js';

/**
 * The multilingual desk in real Chromium: an agent whose working language is Spanish signs in,
 * sees the console in Spanish, is alerted the moment an Arabic customer's ticket opens, reads
 * the customer's message with a Spanish translation (when a model is configured), answers with a
 * saved reply picked with "/", and transfers the ticket to a colleague. Without a key the same
 * journey works and the console says translation is off.
 * LOCKCARE_DESK_SCREENSHOT=docs/console-desk.png saves a screenshot of the console.
 */
const PASSWORD = 'desk-e2e-password';
const CUSTOMER_AR = 'مرحبا، أريد التحدث مع موظف، القفل RF200-2402-00231 لا يفتح';
const CUSTOMER_ES = 'Hola, quiero hablar con un empleado, la cerradura RF200-2402-00231 no abre';
const PREVIEW_ES = 'Gracias por su paciencia, el técnico de soporte revisará la cerradura RF200-2402-00231.';
const PREVIEW_AR = 'شكرًا لصبرك، سيفحص مهندس الدعم القفل RF200-2402-00231.';
const SUMMARY_ES = ['El cliente dice que la cerradura RF200-2402-00231 no abre.', 'El bot aún no ha probado nada.', 'Quiere hablar con una persona.'];
const SAVED_AR = 'أهلًا، أنا {{agent}} من فريق الدعم، وتذكرتك رقم {{ticket}}. يُرجى تغيير بطاريات القفل.';

let dir: string;
let browser: Browser;
let model: Awaited<ReturnType<typeof startFakeOpenAi>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-desk-e2e-'));
  writeAgentsFile(join(dir, 'agents.json'), [
    { username: 'lucia', role: 'agent', passwordHash: await hashPassword(PASSWORD), language: 'es' },
    { username: 'omar', role: 'agent', passwordHash: await hashPassword(PASSWORD) },
    { username: 'jefa', role: 'admin', passwordHash: await hashPassword(PASSWORD), language: 'es' },
  ]);
  model = await startFakeOpenAi((request) => {
    const user = request.messages.at(-1)?.content ?? '';
    if (request.messages[0]?.content.startsWith('You summarise')) return { content: SUMMARY_ES.join('\n') };
    if (!request.messages[0]?.content.startsWith('You translate')) return { content: '{"topic":"none"}' };
    return { content: user === CUSTOMER_AR ? CUSTOMER_ES : user === PREVIEW_ES ? PREVIEW_AR : `[traducido] ${user}` };
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await model?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<RunningServer> {
  return startServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', AGENTS_FILE: join(dir, 'agents.json'), DEMO_AGENT: 'false', ...env }));
}

/** Signed-in API calls, as a script would make them (the admin seeds a saved reply). */
async function apiAs(server: RunningServer, username: string) {
  const login = await fetch(`${server.url}/api/agent/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  return (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function arabicCustomer(server: RunningServer) {
  const created = (await (await fetch(`${server.url}/api/web/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { conversationId: string; token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${created.token}` };
  await fetch(`${server.url}/api/web/conversations/${created.conversationId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: CUSTOMER_AR }) });
  return {
    agentMessages: async () =>
      ((await (await fetch(`${server.url}/api/web/conversations/${created.conversationId}/messages`, { headers })).json()) as { messages: Array<{ from: string; text: string }> }).messages
        .filter((message) => message.from === 'agent')
        .map((message) => message.text),
  };
}

/** The console of a Spanish-speaking agent, with the browser's notifications recorded. */
async function spanishConsole(server: RunningServer): Promise<Page> {
  const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1440, height: 960 } });
  await context.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = [];
    Object.assign(window, { shownNotifications: shown });
    // The page's view of the Notification API (allowed), recording what it shows.
    window.Notification = class {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
      addEventListener() {}
      close() {}
    } as unknown as typeof Notification;
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/console`);
  await page.getByRole('button', { name: 'Entrar' }).waitFor();
  await page.locator('#username').fill('lucia');
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.locator('#whoami').getByText('lucia (agent)').waitFor();
  await page.locator('#live[data-state="on"]').waitFor();
  return page;
}

async function journey(server: RunningServer, translation: boolean) {
  const admin = await apiAs(server, 'jefa');
  expect((await admin('/api/agent/saved-replies', { language: 'ar', title: 'Pilas', text: SAVED_AR })).status).toBe(200);

  const agent = await spanishConsole(server);
  expect(await agent.locator('#sign-out').textContent()).toBe('Cerrar sesión');
  expect(await agent.locator('#queue-title').textContent()).toMatch(/^Cola/);
  expect(await agent.locator('html').getAttribute('lang')).toBe('es');
  const state = agent.locator('#translation-state');
  expect(await state.getAttribute('data-state')).toBe(translation ? 'on' : 'off');
  expect(await state.textContent()).toBe(translation ? 'Traducción activada (fake-translator-1)' : 'La traducción está desactivada (sin OPENAI_API_KEY): las respuestas se envían tal como se escriben');

  const customer = await arabicCustomer(server);
  const alert = agent.locator('#alert');
  await alert.getByText(/^Nuevo ticket LC-\d{6}$/).waitFor();
  const ticketId = /LC-\d{6}/.exec((await alert.textContent()) ?? '')![0];
  await expect.poll(() => agent.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string }> }).shownNotifications.map((n) => n.title)), { timeout: 15_000 }).toEqual([`Nuevo ticket ${ticketId}`]);

  await alert.click();
  const message = agent.locator('#transcript li[data-from="customer"]').first();
  await message.waitFor();
  if (translation) expect(await message.locator('.msg__translation .msg__text').textContent()).toBe(CUSTOMER_ES);
  else expect(await message.locator('.msg__translation').count()).toBe(0);

  // The generated summary at the top of the ticket (in the first admin's language: Spanish), marked as generated.
  if (translation) {
    await expect.poll(() => agent.locator('#summary-lines li').allTextContents(), { timeout: 15_000 }).toEqual(SUMMARY_ES);
    expect(await agent.locator('#summary .badge--generated').textContent()).toBe('generado');
    expect(await agent.locator('#summary-state').textContent()).toMatch(/^Escrito por fake-translator-1 el /);
  } else {
    expect(await agent.locator('#summary-state').textContent()).toBe('Los resúmenes están desactivados (no hay OPENAI_API_KEY).');
    expect(await agent.locator('#summary-refresh').isHidden()).toBe(true);
  }
  expect(await agent.locator('#summary-warranty').textContent()).toBe('Garantía: el bot no la comprobó.');

  await agent.getByRole('button', { name: 'Tomar', exact: true }).click();
  await agent.locator('#ticket-title').getByText(`${ticketId} · asignado`).waitFor();
  await agent.locator('#reply-text').pressSequentially('/pil');
  await agent.locator('#saved-picker').getByRole('button', { name: 'Pilas' }).click();
  const filled = SAVED_AR.replace('{{agent}}', 'lucia').replace('{{ticket}}', ticketId);
  expect(await agent.locator('#reply-text').inputValue()).toBe(filled);
  await agent.getByRole('button', { name: 'Enviar respuesta' }).click();
  await expect.poll(() => customer.agentMessages(), { timeout: 15_000 }).toEqual([filled]);

  if (translation && process.env.LOCKCARE_DESK_SCREENSHOT) {
    await agent.locator('#reply-text').fill(PREVIEW_ES);
    await agent.getByRole('button', { name: 'Ver traducción' }).click();
    await agent.locator('#translation-preview').waitFor();
    expect(await agent.locator('#reply-translation').inputValue()).toBe(PREVIEW_AR);
    const target = resolve(process.env.LOCKCARE_DESK_SCREENSHOT);
    mkdirSync(dirname(target), { recursive: true });
    await agent.screenshot({ path: target });
    await agent.locator('#reply-text').fill('');
  }

  await agent.locator('#transfer-to').selectOption('omar');
  await agent.locator('#transfer-note').fill('Omar conoce este modelo.');
  await agent.getByRole('button', { name: 'Transferir' }).click();
  await agent.locator('#ticket-meta').getByText('lo tiene omar').waitFor();
  await agent.locator('#notes').getByText('Transferred to omar by lucia: Omar conoce este modelo.').waitFor();
  await agent.context().close();
}

describe('the multilingual desk in the browser', () => {
  it('with a model: Spanish console, new-ticket alert, Spanish translation of the Arabic customer, saved reply, transfer', async () => {
    const server = await start({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'fake-translator-1' });
    try {
      await journey(server, true);
      expect(model.translations().map((request) => request.messages.at(-1)?.content)).toContain(CUSTOMER_AR);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('without a key: the same journey works and the console says translation is off', async () => {
    const server = await start({});
    try {
      await journey(server, false);
    } finally {
      await server.close();
    }
  }, 120_000);
});
