import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { ChannelName, Language } from '../../src/core/types.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import type { ReportsFeatureSetup } from '../../src/reports/reports-feature.js';
import { stripIsolates } from '../../src/core/bidi.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { SurveyFeatureSetup } from '../../src/survey/survey-feature.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';
import { launchChromium } from './browser.js';

/**
 * The Reports page in real Chromium, in English and in Arabic (right to left): the charts are
 * drawn by Chart.js served from node_modules (canvas present, legend text from the locale), the
 * tables show the figures. Set LOCKCARE_REPORTS_SCREENSHOT=docs/reports.png to save a screenshot.
 */
const translator = testTranslator();
/** The page shows the locale's words as written: the bot's bidi isolates are not part of them. */
const t = { t: (...args: Parameters<typeof translator.t>) => stripIsolates(translator.t(...args)) };
const PASSWORD = 'reports-admin-password';
const HOUR = 3_600_000;
let dir: string;
let server: RunningServer;
let browser: Browser;
const clock = new TestClock(new Date('2026-11-02T06:00:00Z'));

/** Four weeks of tickets with known timings, through the ticket service (its change hooks write the roll-ups). */
async function seed(): Promise<void> {
  const handoff = server.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;
  const reports = server.lockcare.features.find((setup) => setup.feature.name === 'reports') as ReportsFeatureSetup;
  const channels: ChannelName[] = ['web', 'whatsapp', 'wechat', 'teams', 'whatsapp'];
  const languages: Language[] = ['en', 'es', 'ar'];
  const topics = ['lock-no-response', 'card-encoding-failed', 'low-battery-warning', undefined];
  for (let i = 0; i < 60; i += 1) {
    clock.set(new Date(Date.parse('2026-11-02T06:00:00Z') + i * 11 * HOUR));
    const id = `c${i}`;
    const { ticket } = await handoff.tickets.create({
      channel: channels[i % channels.length]!,
      conversationId: id,
      conversationKey: `x:${id}`,
      language: languages[i % 3]!,
      priority: i % 6 === 0 ? 'urgent' : 'normal',
      reason: 'user-request',
      customer: { id },
      ...(topics[i % 4] ? { topic: topics[i % 4] } : {}),
      facts: {},
      lastMessages: [],
      sourceMessageId: `m${i}`,
    });
    const replyAfter = ticket.priority === 'urgent' ? ((i * 7) % 90) * 60_000 : ((i * 5) % 30) * HOUR;
    clock.advance(replyAfter);
    if (Date.parse(ticket.dueAt) < clock.now().getTime()) {
      const fired = clock.now();
      clock.set(new Date(ticket.dueAt));
      await handoff.scheduler.tick();
      clock.set(fired);
    }
    await handoff.tickets.update(ticket.id, (draft, now) => {
      draft.firstReplyAt = now.toISOString();
      draft.firstReplyBy = i % 2 ? 'maria' : 'omar';
      draft.timeToFirstReplyMs = now.getTime() - Date.parse(draft.createdAt);
      draft.status = 'waiting-customer';
    }, 'ticket.replied');
    clock.advance(3 * HOUR);
    await handoff.tickets.update(ticket.id, (draft, now) => {
      Object.assign(draft, { status: 'resolved', resolution: 'resolved', resolvedAt: now.toISOString(), resolvedBy: draft.firstReplyBy, timeToResolveMs: now.getTime() - Date.parse(draft.createdAt) });
    }, 'ticket.resolved');
    if (i % 7 !== 3) await handoff.tickets.recordSurvey(ticket.id, [5, 4, 2, 5, 3][i % 5]!);
    if (i % 4 === 0) await reports.recorder.faqNotConfident({ at: clock.now(), channel: 'web', language: languages[i % 3]!, text: ['the lift card reader is beeping', 'el lector del ascensor pita', 'قارئ المصعد يصفر'][i % 3]!, nearestTopic: 'card-encoding-failed' });
  }
  clock.set(new Date('2026-11-30T12:00:00Z'));
  // Customers in the web chat: two solved by the bot, one who only said hello.
  const customers: Array<(text: string) => Promise<unknown>> = [];
  for (const lines of [['lock is dead, no light no sound', 'no', '1', 'yes'], ['la cerradura no hace nada, ni luz ni sonido', 'no', '1', 'sí'], ['hello']]) {
    const created = (await (await fetch(`${server.url}/api/web/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { conversationId: string; token: string };
    const say = (text: string) => fetch(`${server.url}/api/web/conversations/${created.conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` }, body: JSON.stringify({ text }) });
    for (const text of lines) await say(text);
    customers.push(say);
  }
  // December: the yearly survey goes to the three web customers; two answer.
  clock.set(new Date('2026-12-01T09:00:00Z'));
  const survey = server.lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;
  await survey.campaigns({ intervalMs: 0 }).run(2026, 'layla');
  for (const text of ['4', '3', 'Answer faster at night']) await customers[0]!(text);
  for (const text of ['5', '5', 'Muy buena atención']) await customers[1]!(text);
  await survey.surveys.savePdca(2026, { plan: 'Night replies are slowest', do: 'A second engineer on call 22:00–06:00', check: 'Median first reply at night, monthly', act: 'Night shift kept from January', actions: { en: 'A second engineer now answers at night.' } }, 'layla', clock.now());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-reports-e2e-'));
  const agentsFile = join(dir, 'agents.json');
  writeAgentsFile(agentsFile, [{ username: 'layla', role: 'admin', passwordHash: await hashPassword(PASSWORD) }]);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', AGENTS_FILE: agentsFile, DEMO_AGENT: 'false' });
  server = await startServer(config, { clock, store: new MemoryStore(() => clock.now().getTime()) });
  await seed();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openReports(language: 'en' | 'ar'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const consolePage = await context.newPage();
  await consolePage.goto(`${server.url}/console`);
  await consolePage.locator('#username').fill('layla');
  await consolePage.locator('#password').fill(PASSWORD);
  await consolePage.getByRole('button', { name: 'Sign in' }).click();
  await consolePage.locator('#whoami').getByText('layla (admin)').waitFor();
  // The reports open in a tab of their own (same sign-in cookie).
  const page = await context.newPage();
  // From here on, any script error or failed request (a CSP block, a missing file) fails the test.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('requestfailed', (request) => errors.push(`${request.url()} failed`));
  page.on('response', (response) => void (response.status() >= 400 && !response.url().endsWith('/favicon.ico') && errors.push(`${response.url()} ${response.status()}`)));
  await page.goto(`${server.url}/console/reports?lang=${language}&from=2026-11-02&to=2026-11-30`);
  await page.locator('body[data-ready="true"]').waitFor();
  return { page, errors };
}

const legendOf = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const chart = (globalThis as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { legend: { legendItems: Array<{ text: string }> } } | undefined } }).Chart.getChart(document.getElementById(canvasId) as HTMLCanvasElement);
    return chart ? chart.legend.legendItems.map((item) => item.text) : null;
  }, id);

describe('Reports page', () => {
  it.each(['en', 'ar'] as const)('draws every chart with legends in %s', async (language) => {
    const { page, errors } = await openReports(language);
    expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
    expect(await page.locator('#sla-title').textContent()).toBe(t.t(language, 'reports.sla.title'));
    for (const id of ['chart-sla', 'chart-self', 'chart-sat', 'chart-hour', 'chart-weekday']) {
      const box = await page.locator(`canvas#${id}`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
    }
    expect(await legendOf(page, 'chart-sla')).toEqual([
      t.t(language, 'reports.sla.percentWithin'),
      `${t.t(language, 'reports.sla.percentWithin')} · ${t.t(language, 'reports.priorities.normal')}`,
      `${t.t(language, 'reports.sla.percentWithin')} · ${t.t(language, 'reports.priorities.urgent')}`,
    ]);
    expect(await legendOf(page, 'chart-sat')).toEqual([t.t(language, 'reports.satisfaction.csat'), t.t(language, 'reports.satisfaction.responseRate')]);
    expect(await legendOf(page, 'chart-self')).toEqual([t.t(language, 'reports.selfService.solved'), t.t(language, 'reports.selfService.tickets')]);
    // The figures: the JSON's total is what the page shows.
    const report = (await page.evaluate(async () => (await fetch('/api/agent/reports?from=2026-11-02&to=2026-11-30')).json())) as { sla: { total: { within: number; breached: number } }; contentGaps: unknown[] };
    const total = await page.locator('#sla-total').textContent();
    expect(total).toContain(String(report.sla.total.within));
    expect(total).toContain(String(report.sla.total.breached));
    expect(report.sla.total.breached).toBeGreaterThan(0);
    expect(await page.locator('#sla-breaches tbody tr').count()).toBe(report.sla.total.breached);
    expect(await page.locator('#gaps').textContent()).toContain(language === 'ar' ? 'قارئ المصعد يصفر' : 'the lift card reader is beeping');
    expect(await page.locator('#self-summary td').allTextContents()).toEqual(['3', '2', '2', '60', t.t(language, 'reports.percent', { value: 3.2 })]);
    expect(await page.locator('#survey').textContent()).toContain(language === 'ar' ? 'Muy buena atención' : 'Answer faster at night');
    // No OPENAI_API_KEY here: the comments are shown as written, and the page says translation is off.
    expect(await page.locator('#survey .translation-off').textContent()).toBe(t.t(language, 'reports.survey.translationOff'));
    expect(await page.locator('#survey-csv').getAttribute('href')).toBe(`/api/agent/surveys/2026/answers.csv?lang=${language}`);
    expect(await page.locator('#pdca-act').inputValue()).toBe('Night shift kept from January');
    // The results message per customer language; Spanish has answerers and no text (translation is off here).
    expect(await page.locator('#pdca-actions-en').inputValue()).toBe('A second engineer now answers at night.');
    expect(await page.locator('#pdca-actions-ar-label').textContent()).toBe(t.t(language, 'reports.pdca.actions', { language: t.t(language, 'reports.languages.ar') }));
    expect(await page.locator('#pdca-publish .missing').textContent()).toBe(
      t.t(language, 'reports.pdca.customers', { language: t.t(language, 'reports.languages.es'), count: 1, source: t.t(language, 'reports.pdca.sources.missing') }),
    );
    expect(await page.locator('#csv').getAttribute('href')).toBe('/api/agent/reports.csv?from=2026-11-02&to=2026-11-30');
    expect(errors).toEqual([]);
    const shot = process.env.LOCKCARE_REPORTS_SCREENSHOT;
    if (shot && language === 'en') await page.screenshot({ path: resolve(shot), fullPage: true });
  });
});
