import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testTranslator } from '../helpers/core-harness.js';
import { launchChromium } from './browser.js';

/**
 * Regression tests, in real Chromium on the full-page chat, for the web chat defects of issue 12:
 * double clicks answering twice, the page flipping with each Arabic message, failed sends that
 * looked sent; and the expected chat features: readable answers, typing indicator, transcript.
 */
const t = testTranslator();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DEMO_AGENT: 'false' }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openChat(locale: string): Promise<{ page: Page; context: BrowserContext; conversationId: string }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('li.msg[data-from="bot"] .choices').first().waitFor();
  const { conversationId } = JSON.parse((await page.evaluate(() => localStorage.getItem('lockcare.webchat')))!) as { conversationId: string };
  return { page, context, conversationId };
}

async function say(page: Page, text: string): Promise<void> {
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
}

const customerLines = async (conversationId: string) =>
  (await server.lockcare.core.transcript(`web:${conversationId}`)).filter((entry) => entry.from === 'customer').map((entry) => entry.text);
const deliver = (conversationId: string, messages: OutboundMessage[]) => server.lockcare.core.deliver({ channel: 'web', conversationId }, messages);
const noBidiMarks = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

describe('defect 1: a double click answers once', () => {
  it('locks the buttons after the first click, and ignores the second click landing on a button that moved under the pointer', async () => {
    const { page, conversationId } = await openChat('en-US');
    await say(page, 'the card reader light goes red');
    await expect.poll(() => page.locator('.choices').count()).toBe(2);
    const question = page.locator('.choices').nth(1);
    const answer = (await question.locator('button').first().textContent())!;

    await question.locator('button').first().dblclick();
    await expect.poll(() => page.locator('.choices').count()).toBe(3);
    expect(await question.locator('button.is-chosen').textContent()).toBe(answer);
    await page.waitForTimeout(300);
    expect(await customerLines(conversationId)).toEqual(['the card reader light goes red', answer]);

    // The second click of a double click, on a button of the next question.
    const next = page.locator('.choices').last().locator('button').first();
    const box = (await next.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ clickCount: 2 });
    await page.mouse.up({ clickCount: 2 });
    await page.waitForTimeout(400);
    expect(await customerLines(conversationId)).toHaveLength(2);
    expect(await next.isDisabled()).toBe(false);
  });
});

describe('defect 6: direction per message', () => {
  it('keeps the page and earlier messages in place when a message in the other direction arrives', async () => {
    const { page, conversationId } = await openChat('ar-SA');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const greeting = page.locator('li.msg[data-from="bot"]').first();
    const before = (await greeting.boundingBox())!;

    await deliver(conversationId, [{ reply: { type: 'text', text: 'Hello, I am Layla from support. How can I help?' }, language: 'en', dir: 'ltr', author: { kind: 'agent', name: 'Layla' } }]);
    const english = page.locator('li.msg--agent');
    await english.waitFor();
    expect(await english.evaluate((element) => element.matches(':dir(ltr)'))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await greeting.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);
    expect(await greeting.boundingBox()).toEqual(before);

    await say(page, 'The lock SN-2024-0042 beeps');
    const mine = page.locator('li.msg--user').last();
    await mine.waitFor();
    expect(await mine.locator('.msg__text').evaluate((element) => element.matches(':dir(ltr)'))).toBe(true);
  });
});

describe('defect 7: a failed send is marked, in the user\'s language, and resent once when back online', () => {
  it('marks the message not sent with a retry, then resends it once on reconnection', async () => {
    const { page, context, conversationId } = await openChat('es-ES');
    await context.setOffline(true);
    await say(page, 'la cerradura no abre');
    const mine = page.locator('li.msg--user').last();
    await mine.locator('.msg__state').waitFor();
    expect(await mine.getAttribute('class')).toContain('msg--failed');
    expect(await mine.locator('.msg__state-text').textContent()).toBe(t.t('es', 'webchat.notSent'));
    expect(await mine.locator('.msg__retry').textContent()).toBe(t.t('es', 'webchat.retry'));
    expect(await page.locator('#status').textContent()).toBe(t.t('es', 'webchat.offline'));
    expect(await page.locator('body').evaluate((body) => body.ownerDocument.querySelector('.lockcare-chat')!.shadowRoot!.textContent)).not.toContain('Failed to fetch');

    await context.setOffline(false);
    await expect.poll(() => customerLines(conversationId), { timeout: 15_000 }).toEqual(['la cerradura no abre']);
    await expect.poll(() => page.locator('li.msg--failed').count(), { timeout: 15_000 }).toBe(0);
    await page.waitForTimeout(500);
    expect(await customerLines(conversationId)).toEqual(['la cerradura no abre']);
    expect(await page.locator('li.msg--user').count()).toBe(1);
  });

  it('says so when the server fails, and sends with the Retry button', async () => {
    const { page, conversationId } = await openChat('en-US');
    await page.route('**/api/web/conversations/*/messages', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"E_STORE"}}' }) : route.continue(),
    );
    await say(page, 'hello');
    await page.locator('li.msg--failed .msg__retry').waitFor();
    expect(await page.locator('#status').textContent()).toBe(t.t('en', 'webchat.failed'));
    await page.unrouteAll();
    await page.locator('.msg__retry').click();
    await expect.poll(() => customerLines(conversationId)).toEqual(['hello']);
    await expect.poll(() => page.locator('li.msg--failed').count()).toBe(0);
    await expect.poll(() => page.locator('#status').textContent()).toBe('');
    await page.locator('li.msg--bot').nth(2).waitFor();
  });
});

describe('an expired conversation', () => {
  it('says so in the user\'s language and starts a new one with the greeting', async () => {
    const { page, conversationId } = await openChat('ar-EG');
    await server.lockcare.store.delete(`web:token:${conversationId}`);
    await say(page, 'مرحبا');
    await expect.poll(() => page.locator('#status').textContent()).toBe(t.t('ar', 'webchat.expired'));
    await page.locator('li.msg[data-from="bot"]').getByText(t.t('ar', 'menu.greeting')).waitFor();
    const { conversationId: fresh } = JSON.parse((await page.evaluate(() => localStorage.getItem('lockcare.webchat')))!) as { conversationId: string };
    expect(fresh).not.toBe(conversationId);
  });
});

describe('readable answers, typing indicator and transcript', () => {
  it('sets the topic title apart, numbers steps, and makes only http(s) links clickable, opening in a new tab', async () => {
    const { page, conversationId } = await openChat('en-US');
    await deliver(conversationId, [
      {
        reply: { type: 'text', text: 'Reset the lock\n1. Open the battery cover, see https://example.com/manual.\n2. Hold the reset key javascript:alert(1)\nThen try a card.' },
        language: 'en',
        dir: 'ltr',
        author: { kind: 'bot' },
      },
    ]);
    const answer = page.locator('li.msg--bot').last();
    await answer.locator('.msg__title').getByText('Reset the lock').waitFor();
    expect(await answer.locator('ol.msg__steps > li').count()).toBe(2);
    const links = answer.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.com/manual');
    expect(await links.getAttribute('target')).toBe('_blank');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await answer.locator('.msg__para').textContent()).toBe('Then try a card.');
  });

  it('shows who is writing while the answer is on its way, with timestamps on messages', async () => {
    const { page } = await openChat('es-ES');
    await page.route('**/api/web/conversations/*/messages', async (route) => {
      if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await say(page, 'hola');
    const typing = page.locator('.lc-typing');
    await expect.poll(async () => noBidiMarks(await typing.textContent())).toBe(t.t('es', 'webchat.typing', { name: t.t('es', 'webchat.botName') }));
    await expect.poll(() => typing.isVisible()).toBe(false);
    const stamp = page.locator('li.msg--user time').last();
    expect(await stamp.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('downloads the transcript as a text file', async () => {
    const { page } = await openChat('en-US');
    await say(page, 'hello there');
    await page.locator('li.msg--bot').nth(2).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    expect(download.suggestedFilename()).toMatch(/^lockcare-chat-\d{4}-\d\d-\d\d\.txt$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe(t.t('en', 'webchat.transcriptTitle'));
    expect(text).toContain(`${t.t('en', 'webchat.you')}: hello there`);
  });
});
