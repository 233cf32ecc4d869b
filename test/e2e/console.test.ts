import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { consoleTicketUrl } from '../../src/handoff/console-routes.js';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testTranslator } from '../helpers/core-harness.js';
import { launchChromium } from './browser.js';

/**
 * The support journey in real Chromium: a customer in the web chat asks for a person in Arabic,
 * an agent signed in to /console sees the ticket appear without reloading, claims it, replies,
 * the customer reads the reply, the agent resolves, and the customer answers the survey.
 * Set LOCKCARE_CONSOLE_SCREENSHOT=docs/console.png to save a screenshot of the console.
 */
const t = testTranslator();
const PASSWORD = 'e2e-agent-password';
let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-e2e-'));
  const agentsFile = join(dir, 'agents.json');
  writeAgentsFile(agentsFile, [{ username: 'layla', role: 'admin', passwordHash: await hashPassword(PASSWORD) }]);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', AGENTS_FILE: agentsFile, DEMO_AGENT: 'false' });
  server = await startServer(config);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tickets = () => server.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;

async function openChat(): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'ar', timezoneId: 'Asia/Riyadh' })).newPage();
  await page.goto(`${server.url}/`);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
}

async function signInToConsole(url = `${server.url}/console`): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(url);
  await page.locator('#username').fill('layla');
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#whoami').getByText('layla (admin)').waitFor();
  await page.locator('#live[data-state="on"]').waitFor();
  return page;
}

/** Ask for a person over the web chat API (other customers in the queue); returns the ticket id the bot named. */
async function apiCustomer(text: string): Promise<string | undefined> {
  const created = (await (await fetch(`${server.url}/api/web/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { conversationId: string; token: string };
  const answer = await fetch(`${server.url}/api/web/conversations/${created.conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
    body: JSON.stringify({ text, timeZone: 'Europe/Madrid' }),
  });
  const { messages } = (await answer.json()) as { messages: Array<{ text?: string }> };
  return /LC-\d{6}/.exec(messages.map((message) => message.text ?? '').join(' '))?.[0];
}

describe('support journey in the browser', () => {
  it('Arabic customer → ticket appears live in the console → claim, reply, resolve → survey answered', async () => {
    const agent = await signInToConsole();
    await expect.poll(() => agent.locator('#queue tr').count()).toBe(0);
    const customer = await openChat();

    await say(customer, 'مرحبا، أريد التحدث مع موظف بخصوص القفل SN-2024-0042');
    const notice = customer.locator('li.msg--notice').filter({ hasText: 'LC-' }).last();
    await notice.waitFor();
    const ticketId = /LC-\d{6}/.exec((await notice.textContent()) ?? '')![0];
    expect(await notice.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);

    // Other customers: an urgent English one and a Spanish one, so the queue has an order to show.
    await apiCustomer('Emergency: a guest is locked in room 214');
    await apiCustomer('hola, quiero hablar con una persona');

    // No reload: the rows arrive over the event stream.
    const row = agent.locator(`#queue tr[data-ticket-id="${ticketId}"]`);
    await row.waitFor();
    await expect.poll(() => agent.locator('#queue tr').count()).toBe(3);
    expect(await agent.locator('#queue tr').first().locator('.badge').textContent()).toBe('urgent');
    expect(await row.locator('td').nth(3).textContent()).toBe('ar');
    expect(await row.locator('.countdown').textContent()).toMatch(/^2[34]:\d\d:\d\d$/);

    await row.getByRole('button', { name: ticketId }).click();
    const arabic = agent.locator('#transcript li[data-from="customer"]').first();
    await arabic.waitFor();
    expect(await arabic.getAttribute('dir')).toBe('auto');
    expect(await arabic.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);
    expect(await arabic.locator('bdi', { hasText: 'SN-2024-0042' }).getAttribute('dir')).toBe('ltr');

    await agent.getByRole('button', { name: 'Claim' }).click();
    await agent.locator('#ticket-title').getByText(`${ticketId} · assigned`).waitFor();
    // Tag the topic from the select of FAQ titles: shown on the ticket, in the audit log, and stored.
    const title = server.lockcare.core.services.faq!.topic('battery-replacement')!.content.en.title;
    await agent.locator('#topic-select').selectOption({ label: title });
    await agent.getByRole('button', { name: 'Set topic' }).click();
    await agent.locator('#topic-tagged').getByText('topic set by layla').waitFor();
    expect(await agent.locator('#ticket-meta').textContent()).toContain(`topic: ${title}`);
    await agent.locator('#audit li[data-action="topic"]').getByText('set the topic to battery-replacement').waitFor();
    expect((await tickets().tickets.get(ticketId))?.topic).toBe('battery-replacement');
    const replyText = 'أهلًا، أنا ليلى من فريق الدعم. يُرجى تغيير بطاريات القفل SN-2024-0042 ثم تجربته.';
    await agent.locator('#reply-text').fill(replyText);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await agent.locator('#transcript li[data-from="agent"]').waitFor();

    const fromAgent = customer.locator('li.msg--agent');
    await fromAgent.waitFor();
    expect(await fromAgent.locator('.msg__text').textContent()).toBe(replyText);
    expect(await fromAgent.locator('.msg__author').textContent()).toBe('layla');

    if (process.env.LOCKCARE_CONSOLE_SCREENSHOT) {
      const target = resolve(process.env.LOCKCARE_CONSOLE_SCREENSHOT);
      mkdirSync(dirname(target), { recursive: true });
      await agent.screenshot({ path: target, fullPage: false });
    }

    await agent.getByRole('button', { name: 'Resolve' }).click();
    await agent.locator('#ticket-title').getByText(`${ticketId} · resolved`).waitFor();
    await expect.poll(() => agent.locator(`#queue tr[data-ticket-id="${ticketId}"]`).count()).toBe(0);

    const survey = customer.locator('li.msg--bot').filter({ hasText: t.t('ar', 'handoff.survey.question') });
    await survey.waitFor();
    expect(await survey.locator('.choices button').allTextContents()).toEqual(t.list('ar', 'handoff.survey.options'));
    await survey.locator('.choices button').nth(3).click();
    await customer.locator('li.msg--bot').filter({ hasText: t.t('ar', 'handoff.survey.thanks', { score: 4 }) }).waitFor();
    expect((await tickets().tickets.get(ticketId))?.surveyScore).toBe(4);
  });

  it('shows an English agent reply in an Arabic conversation left-to-right, in its written order, and never breaks a ticket id', async () => {
    const agent = await signInToConsole();
    const customer = await openChat();
    await say(customer, 'أريد التحدث مع موظف');
    const notice = customer.locator('li.msg--notice').filter({ hasText: 'LC-' }).last();
    await notice.waitFor();
    const ticketId = /LC-\d{6}/.exec((await notice.textContent()) ?? '')![0];
    await agent.locator(`#queue tr[data-ticket-id="${ticketId}"]`).getByRole('button', { name: ticketId }).click();
    await agent.getByRole('button', { name: 'Claim' }).click();
    await agent.locator('#ticket-title').getByText(`${ticketId} · assigned`).waitFor();
    await agent.locator('#reply-text').fill(`Hello, how can I help? Your ticket is ${ticketId}.`);
    // While the agent writes, the customer sees who is writing, in the chat's language.
    const typing = customer.locator('.lc-typing');
    await expect.poll(async () => (await typing.textContent())?.replace(/[\u2066-\u2069]/g, '')).toBe(t.t('ar', 'webchat.typing', { name: 'layla' }).replace(/[\u2066-\u2069]/g, ''));
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await customer.locator('li.msg--agent').waitFor();
    expect(await typing.isVisible()).toBe(false);

    const line = agent.locator('#transcript li[data-from="agent"]');
    await line.waitFor();
    expect(await line.getAttribute('dir')).toBe('auto');
    expect(await line.evaluate((element) => element.matches(':dir(ltr)'))).toBe(true);
    // Written as one left-to-right run: no per-word isolation that would reverse the words.
    expect(await line.locator('.msg__text bdi').count()).toBe(0);
    expect(await line.locator('.msg__text .nowrap').textContent()).toBe(ticketId);
    expect(await line.locator('.msg__text .nowrap').evaluate((element) => getComputedStyle(element).whiteSpace)).toBe('nowrap');
    const arabic = agent.locator('#transcript li[data-from="customer"]').first();
    expect(await arabic.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);
  });

  it('shows a customer\'s script and HTML as text in the console, and runs none of it', async () => {
    const agent = await signInToConsole();
    let dialogs = 0;
    agent.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const customer = await openChat();
    const payload = '<script>alert(1)</script><b>x</b><img src=x onerror=alert(2)>';
    await say(customer, 'talk to a person');
    const notice = customer.locator('li.msg--notice').filter({ hasText: 'LC-' }).last();
    await notice.waitFor();
    const ticketId = /LC-\d{6}/.exec((await notice.textContent()) ?? '')![0];
    await say(customer, payload);
    await customer.locator('li.msg--bot').filter({ hasText: ticketId }).last().waitFor();

    await agent.locator(`#queue tr[data-ticket-id="${ticketId}"]`).getByRole('button', { name: ticketId }).click();
    const message = agent.locator('#transcript li[data-from="customer"]').filter({ hasText: '<script>' });
    await message.waitFor();
    expect(await message.locator('.msg__text').textContent()).toBe(payload);
    expect(await agent.locator('#transcript b, #transcript script, #transcript img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  it('opens the ticket an agent notice links to (/console#LC-…), after signing in, and on a later link; the address follows the open ticket', async () => {
    const first = (await apiCustomer('I want to talk to a person about room 8'))!;
    const second = (await apiCustomer('please let me speak to an agent, room 9'))!;
    expect(first).toMatch(/^LC-\d{6}$/);
    expect(second).toMatch(/^LC-\d{6}$/);
    // The link exactly as the notice mail builds it.
    const agent = await signInToConsole(consoleTicketUrl(server.url, first));
    await agent.locator(`#ticket[data-ticket-id="${first}"]`).waitFor();
    expect(await agent.locator('#ticket-title').textContent()).toContain(first);
    await agent.evaluate((id) => (window.location.hash = `#${id}`), second);
    await agent.locator(`#ticket[data-ticket-id="${second}"]`).waitFor();
    await agent.locator(`#queue tr[data-ticket-id="${first}"]`).getByRole('button', { name: first }).click();
    await agent.locator(`#ticket[data-ticket-id="${first}"]`).waitFor();
    expect(new URL(agent.url()).hash).toBe(`#${first}`);
  });
});
