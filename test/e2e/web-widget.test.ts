import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testTranslator } from '../helpers/core-harness.js';
import { launchChromium } from './browser.js';
import { seriousAxeViolations, startHostSite, type HostSite } from '../helpers/widget-harness.js';

/**
 * The widget embedded on a vendor's site served from another origin, in real Chromium: opens with
 * a greeting and quick replies in the browser's language, every word of the chrome localized,
 * keyboard only, no serious axe-core violations in English and Arabic, a phone-size layout, and
 * a photo that reaches the ticket in the agent console.
 * Set LOCKCARE_WIDGET_SCREENSHOTS=docs to save docs/widget-en.png, widget-ar.png, widget-phone.png.
 */
const t = testTranslator();
const PASSWORD = 'e2e-agent-password';
const PHOTO = readFileSync(new URL('../fixtures/wechat/lock-display.png', import.meta.url));
let dir: string;
let site: HostSite;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-widget-'));
  const agentsFile = join(dir, 'agents.json');
  writeAgentsFile(agentsFile, [{ username: 'layla', role: 'admin', passwordHash: await hashPassword(PASSWORD) }]);
  site = await startHostSite();
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DEMO_AGENT: 'false', AGENTS_FILE: agentsFile, WEB_CHAT_ALLOWED_ORIGINS: site.origin };
  server = await startServer(loadConfig(env));
  site.lockcareUrl = server.url;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const screenshotDir = process.env.LOCKCARE_WIDGET_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  mkdirSync(resolve(screenshotDir), { recursive: true });
  await page.screenshot({ path: resolve(screenshotDir, name) });
}

/** The vendor's page, watching every request and console error. */
async function visitSite(options: BrowserContextOptions, query = '') {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${site.origin}/${query}`);
  await page.locator('#launcher').waitFor();
  return { page, requests, errors };
}

const botMessages = (page: Page) => page.locator('li.msg[data-from="bot"]');
const focusedInWidget = (page: Page) => page.evaluate(() => document.querySelector('.lockcare-chat')!.shadowRoot!.activeElement?.textContent ?? null);

describe('the widget on a vendor\'s site', () => {
  it('opens from the launcher with a Spanish greeting and quick replies, keyboard only, and Escape closes it', async () => {
    const { page, requests, errors } = await visitSite({ locale: 'es-MX' });
    const launcher = page.locator('#launcher');
    expect(await launcher.textContent()).toBe(t.t('es', 'webchat.launcher'));
    // The site's stylesheet does not reach into the widget.
    expect(await launcher.evaluate((element) => getComputedStyle(element).fontSize)).toBe('16px');

    await launcher.focus();
    await page.keyboard.press('Enter');
    await botMessages(page).getByText(t.t('es', 'menu.greeting')).waitFor();
    const menu = page.locator('.choices').last();
    await expect.poll(() => menu.locator('button').allTextContents()).toEqual([
      t.t('es', 'menu.options.troubleshoot'),
      t.t('es', 'menu.options.warranty'),
      t.t('es', 'menu.options.human'),
      t.t('es', 'menu.options.language'),
    ]);
    // Focus moves to the new choices; Enter answers; focus moves to the next question's choices.
    await expect.poll(() => focusedInWidget(page)).toBe(t.t('es', 'menu.options.troubleshoot'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe(t.t('es', 'menu.options.language'));
    await page.keyboard.press('Enter');
    await botMessages(page).getByText(t.t('es', 'language.prompt')).waitFor();
    await expect.poll(() => focusedInWidget(page)).toBe('English');
    // Typing keeps the focus in the message box, even when the answer brings choices.
    await page.locator('#text').focus();
    await page.keyboard.type('Español');
    await page.keyboard.press('Enter');
    await botMessages(page).getByText(t.t('es', 'language.changed')).waitFor();
    await expect.poll(() => page.locator('.choices').count()).toBe(3);
    expect(await page.evaluate(() => document.querySelector('.lockcare-chat')!.shadowRoot!.activeElement?.id)).toBe('text');

    // The chrome, every word from locales/es/webchat.json.
    expect(await page.locator('#title').textContent()).toBe(t.t('es', 'webchat.title'));
    expect(await page.locator('#text').getAttribute('placeholder')).toBe(t.t('es', 'webchat.placeholder'));
    expect(await page.locator('#send').textContent()).toBe(t.t('es', 'webchat.send'));
    expect(await page.locator('#new-chat').textContent()).toBe(t.t('es', 'webchat.newChat'));
    expect(await page.locator('#attach').getAttribute('aria-label')).toBe(t.t('es', 'webchat.attach'));
    expect(await page.locator('#download').getAttribute('aria-label')).toBe(t.t('es', 'webchat.download'));
    expect(await page.locator('#close').getAttribute('aria-label')).toBe(t.t('es', 'webchat.close'));

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#panel').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('lockcare-chat');
    expect(await focusedInWidget(page)).toBe(t.t('es', 'webchat.launcher'));

    // Only the vendor's site and the LockCare server were contacted, with no console or CSP errors.
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([site.origin, new URL(server.url).origin].sort());
    expect(errors).toEqual([]);
  });

  it('greets in Arabic right-to-left, with data-lang choosing the language over the browser\'s', async () => {
    const { page } = await visitSite({ locale: 'en-US' }, '?lang=ar');
    expect(await page.locator('#launcher').textContent()).toBe(t.t('ar', 'webchat.launcher'));
    await page.locator('#launcher').click();
    const greeting = botMessages(page).getByText(t.t('ar', 'menu.greeting'));
    await greeting.waitFor();
    expect(await page.locator('.lc').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('.lc').getAttribute('lang')).toBe('ar');
    expect(await page.locator('#text').getAttribute('placeholder')).toBe(t.t('ar', 'webchat.placeholder'));
    expect(await botMessages(page).first().evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);
    // The host page is left alone.
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('');
  });

  it.each([
    ['en', 'en-GB', 'widget-en.png'],
    ['ar', 'ar-SA', 'widget-ar.png'],
  ] as const)('has no serious accessibility violations in %s (axe-core)', async (language, locale, file) => {
    const { page } = await visitSite({ locale, viewport: { width: 1100, height: 760 } });
    await page.locator('#launcher').click();
    await botMessages(page).getByText(t.t(language, 'menu.greeting')).waitFor();
    await page.locator('.choices').last().getByRole('button', { name: t.t(language, 'menu.options.troubleshoot') }).click();
    await expect.poll(() => botMessages(page).count()).toBeGreaterThan(2);
    await page.locator('#text').fill(language === 'ar' ? 'ضوء قارئ البطاقات أحمر' : 'the card reader light goes red');
    await page.locator('#text').press('Enter');
    await page.locator('.msg__title').first().waitFor();
    await page.locator('#text').focus();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('.msg__title').last().evaluate((element) => element.closest('li')!.scrollIntoView({ block: 'start' }));
    await screenshot(page, file);
  });

  it('fits a 360 px phone: full-height panel in dvh, no horizontal scroll, placeholder not clipped', async () => {
    const { page } = await visitSite({ locale: 'es-ES', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.locator('#launcher').click();
    await botMessages(page).getByText(t.t('es', 'menu.greeting')).waitFor();
    await page.locator('#text').fill('la puerta de la habitación LC-000123 no abre con la tarjeta https://example.com/manual/cerraduras/tarjetas-de-huesped');
    await page.locator('#text').press('Enter');
    await expect.poll(() => page.locator('li.msg--user').count()).toBe(1);
    const box = (await page.locator('#panel').boundingBox())!;
    expect(box).toEqual({ x: 0, y: 0, width: 360, height: 740 });
    const overflow = await page.evaluate(() => {
      const root = document.querySelector('.lockcare-chat')!.shadowRoot!;
      const list = root.getElementById('messages')!;
      const input = root.getElementById('text') as HTMLTextAreaElement;
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        list: list.scrollWidth - list.clientWidth,
        placeholder: context.measureText(input.placeholder).width - (input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)),
      };
    });
    expect(overflow.page).toBeLessThanOrEqual(0);
    expect(overflow.list).toBeLessThanOrEqual(0);
    expect(overflow.placeholder).toBeLessThan(0);
    const css = await (await fetch(`${server.url}/widget.css`)).text();
    expect(css).toMatch(/height: 100dvh/);
    await screenshot(page, 'widget-phone.png');
  });

  it('sends a photo that reaches the ticket in the agent console', async () => {
    const { page } = await visitSite({ locale: 'es-ES' });
    await page.locator('#launcher').click();
    await botMessages(page).getByText(t.t('es', 'menu.greeting')).waitFor();
    await page.locator('#file').setInputFiles({ name: 'pantalla-cerradura.png', mimeType: 'image/png', buffer: PHOTO });
    const mine = page.locator('li.msg--user .msg__text');
    // The file name is isolated for bidi (U+2068 … U+2069) inside the localized sentence.
    await expect.poll(async () => (await mine.last().textContent())?.replace(/[\u2068\u2069]/g, '')).toBe(t.t('es', 'webchat.attachment', { name: 'pantalla-cerradura.png' }));
    const notice = page.locator('li.msg--notice').filter({ hasText: 'LC-' }).last();
    await notice.waitFor();
    const ticketId = /LC-\d{6}/.exec((await notice.textContent()) ?? '')![0];
    // The ticket id never breaks at its hyphen.
    expect(await notice.locator('.lc-nowrap').first().textContent()).toBe(ticketId);

    const handoff = server.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;
    expect((await handoff.tickets.get(ticketId))?.media).toEqual([expect.objectContaining({ kind: 'image', fileName: 'pantalla-cerradura.png', stored: true })]);

    const agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await agent.goto(`${server.url}/console`);
    await agent.locator('#username').fill('layla');
    await agent.locator('#password').fill(PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.locator(`#queue tr[data-ticket-id="${ticketId}"]`).getByRole('button', { name: ticketId }).click();
    const image = agent.locator('#media img');
    await image.waitFor();
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(8);
  });
});
