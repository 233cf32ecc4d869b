import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testTranslator } from '../helpers/core-harness.js';
import { launchChromium } from './browser.js';
import { seriousAxeViolations } from '../helpers/widget-harness.js';

/**
 * The web chat page in real Chromium: buttons for choices, right-to-left Arabic, messages pushed
 * without a reload, the conversation kept across a reload, and customer text shown as text.
 * Set LOCKCARE_WEBCHAT_SCREENSHOT=docs/web-chat.png to save a screenshot.
 */
const t = testTranslator();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DEMO_AGENT: 'false' });
  server = await startServer(config);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openChat(locale = 'es-MX'): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(`${server.url}/`);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
}

const botMessages = (page: Page) => page.locator('li.msg[data-from="bot"]');

describe('web chat in the browser', () => {
  it('greets in Spanish with the menu as buttons, switches to Arabic by button, and writes right-to-left', async () => {
    const page = await openChat();
    await say(page, 'hola');
    await botMessages(page).getByText(t.t('es', 'menu.greeting')).waitFor();
    const menu = page.locator('.choices').last();
    await expect.poll(() => menu.locator('button').allTextContents()).toEqual([
      t.t('es', 'menu.options.troubleshoot'),
      t.t('es', 'menu.options.warranty'),
      t.t('es', 'menu.options.human'),
      t.t('es', 'menu.options.language'),
    ]);

    await menu.getByRole('button', { name: t.t('es', 'menu.options.language') }).click();
    await botMessages(page).getByText(t.t('es', 'language.prompt')).waitFor();
    await page.locator('.choices').last().getByRole('button', { name: 'العربية' }).click();

    const changed = botMessages(page).filter({ hasText: t.t('ar', 'language.changed') });
    await changed.waitFor();
    // Each bubble finds its own direction (dir="auto"); the page follows the new language once.
    expect(await changed.getAttribute('dir')).toBe('auto');
    expect(await changed.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The buttons of an answered question can no longer be pressed.
    expect(await page.locator('.choices').first().locator('button').first().isDisabled()).toBe(true);
    const screenshot = process.env.LOCKCARE_WEBCHAT_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot });
  });

  it('shows a message pushed later (an agent reply) without a reload, and keeps the conversation after one', async () => {
    const page = await openChat('en-GB');
    await say(page, 'hello');
    await botMessages(page).getByText(t.t('en', 'menu.greeting')).waitFor();
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('lockcare.webchat')))!) as { conversationId: string };

    await server.lockcare.core.deliver({ channel: 'web', conversationId: session.conversationId }, [
      { reply: { type: 'text', text: 'Hi, this is Ana from support.' }, language: 'en', dir: 'ltr', author: { kind: 'agent', name: 'Ana' } },
    ]);
    const agent = page.locator('li.msg[data-from="agent"]');
    await agent.getByText('Hi, this is Ana from support.').waitFor();
    expect(await agent.locator('.msg__author').textContent()).toBe('Ana');

    await page.reload();
    // After a reload the conversation so far is shown again, the agent's reply included.
    await page.locator('li.msg[data-from="agent"]').getByText('Hi, this is Ana from support.').waitFor();
    await botMessages(page).getByText(t.t('en', 'menu.greeting')).waitFor();
    await say(page, 'menu');
    await botMessages(page).getByText(t.t('en', 'menu.anythingElse')).waitFor();
    const transcript = await server.lockcare.core.transcript(`web:${session.conversationId}`);
    expect(transcript.filter((entry) => entry.from === 'customer').map((entry) => entry.text)).toEqual(['hello', 'menu']);
  });

  it('shows an agent reply sent while the page was closed when the customer comes back', async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await say(page, 'hola');
    await botMessages(page).getByText(t.t('es', 'menu.greeting')).waitFor();
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('lockcare.webchat')))!) as { conversationId: string };
    await page.close();

    await server.lockcare.core.deliver({ channel: 'web', conversationId: session.conversationId }, [
      { reply: { type: 'text', text: 'Ya tiene las tarjetas nuevas en recepción.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Ana' } },
    ]);
    const again = await context.newPage();
    await again.goto(`${server.url}/`);
    await again.locator('li.msg[data-from="agent"]').getByText('Ya tiene las tarjetas nuevas en recepción.').waitFor();
    expect(await again.locator('li.msg--user .msg__text').first().textContent()).toBe('hola');
  });

  it('a menu shown again from the history still answers when pressed', async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await say(page, 'hola');
    await botMessages(page).getByText(t.t('es', 'menu.greeting')).waitFor();
    await page.close();
    const again = await context.newPage();
    await again.goto(`${server.url}/`);
    await again.locator('.choices').last().getByRole('button', { name: t.t('es', 'menu.options.language') }).click();
    await botMessages(again).getByText(t.t('es', 'language.prompt')).waitFor();
  });

  it('shows what the customer typed as text, never as HTML', async () => {
    const page = await openChat('en-US');
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const payload = '<img src=x onerror="alert(1)"><b>bold</b>';
    await say(page, payload);
    const mine = page.locator('li.msg--user .msg__text').last();
    await expect.poll(() => mine.textContent()).toBe(payload);
    expect(await mine.locator('b, img').count()).toBe(0);
    await botMessages(page).first().waitFor();
    expect(dialogs).toBe(0);
  });

  it('does not send an empty message, and caps what can be typed at 4,000 characters', async () => {
    const page = await openChat('en-US');
    await say(page, '   ');
    await page.waitForTimeout(300);
    expect(await page.locator('li.msg--user').count()).toBe(0);
    expect(await page.locator('#text').getAttribute('maxlength')).toBe('4000');
    await page.locator('#text').fill('x'.repeat(5000));
    expect((await page.locator('#text').inputValue()).length).toBe(4000);
  });

  it.each(['en-US', 'ar-SA'])('the full page has no serious accessibility violations on a phone (axe-core, %s)', async (locale) => {
    const page = await (await browser.newContext({ locale, viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${server.url}/`);
    await page.locator('.choices').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
