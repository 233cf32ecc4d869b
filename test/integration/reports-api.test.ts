import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ChannelName, Language, OutboundMessage } from '../../src/core/types.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import type { Report } from '../../src/reports/report-query.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { TestClock } from '../helpers/core-harness.js';

/**
 * Reports from known timings: tickets across channels, languages and priorities are opened,
 * answered (in time and late), breached, resolved and scored on a controlled clock, and every
 * figure of the JSON and the CSV is checked against the times the test chose.
 */
const HOUR = 3_600_000;
const PASSWORDS = { maria: 'maria-password-1', omar: 'omar-password-22' } as const;
let dir: string;
let clock: TestClock;
let harness: Awaited<ReturnType<typeof createTestApp>>;
const sent: Array<{ channel: ChannelName; messages: OutboundMessage[] }> = [];

/** A channel that records what it is asked to send (WhatsApp and WeChat are not running in this test). */
function recordingChannel(name: ChannelName): ChannelAdapter {
  return { name, capabilities: { choices: false, media: false, maxTextLength: 4000, proactive: true }, send: async (_target, messages) => void sent.push({ channel: name, messages }) };
}

const handoff = () => harness.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;

async function signIn(username: keyof typeof PASSWORDS): Promise<string> {
  const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', payload: { username, password: PASSWORDS[username] } });
  expect(response.statusCode).toBe(200);
  return String(response.headers['set-cookie']).split(';')[0]!;
}

async function agent(username: keyof typeof PASSWORDS, action: 'claim' | 'messages' | 'resolve', ticket: string): Promise<void> {
  const cookie = await signIn(username);
  const payload = action === 'messages' ? { text: 'On it.' } : {};
  const response = await harness.app.inject({ method: 'POST', url: `/api/agent/tickets/${ticket}/${action}`, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  expect(response.statusCode, response.body).toBe(200);
}

async function reply(username: keyof typeof PASSWORDS, ticket: string): Promise<void> {
  await agent(username, 'claim', ticket);
  await agent(username, 'messages', ticket);
}

async function webCustomerAsksForPerson(text: string) {
  const conversation = await openWebConversation(harness.app);
  const { messages } = (await conversation.post({ text })).json() as { messages: Array<{ text: string }> };
  const ticket = /LC-\d{6}/.exec(messages.at(-1)!.text)?.[0];
  expect(ticket, messages.map((m) => m.text).join(' / ')).toBeDefined();
  return { conversation, ticket: ticket! };
}

async function directTicket(channel: ChannelName, language: Language, priority: 'normal' | 'urgent', topic?: string): Promise<string> {
  const id = `${channel}-${clock.now().getTime()}`;
  const { ticket } = await handoff().tickets.create({
    channel,
    conversationId: id,
    conversationKey: `${channel}:${id}`,
    language,
    priority,
    reason: 'user-request',
    customer: { id },
    ...(topic ? { topic } : {}),
    facts: {},
    lastMessages: [],
    sourceMessageId: `m-${id}`,
  });
  return ticket.id;
}

const at = (iso: string) => clock.set(new Date(iso));
let gapTopic: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-reports-'));
  writeAgentsFile(join(dir, 'agents.json'), [
    { username: 'maria', role: 'admin', passwordHash: await hashPassword(PASSWORDS.maria) },
    { username: 'omar', role: 'agent', passwordHash: await hashPassword(PASSWORDS.omar) },
  ]);
  clock = new TestClock(new Date('2026-11-16T08:00:00Z'));
  harness = await createTestApp({ AGENTS_FILE: join(dir, 'agents.json') }, { clock, store: new MemoryStore(() => clock.now().getTime()) });
  harness.lockcare.core.registerChannel(recordingChannel('whatsapp'));
  harness.lockcare.core.registerChannel(recordingChannel('wechat'));

  // Week 2026-W47. Monday 16 November, UTC (SLA: normal 24 h, urgent 1 h, 7×24).
  at('2026-11-16T08:00:00Z');
  const a = await webCustomerAsksForPerson('talk to a person');
  at('2026-11-16T09:00:00Z');
  const b = await webCustomerAsksForPerson('quiero hablar con una persona');
  at('2026-11-16T10:00:00Z');
  const c = await webCustomerAsksForPerson('أريد التحدث مع موظف');
  await reply('maria', a.ticket); // 2 h: within
  at('2026-11-16T11:00:00Z');
  await reply('omar', c.ticket); // 1 h: within
  at('2026-11-16T13:00:00Z');
  await agent('maria', 'resolve', a.ticket); // resolution 5 h
  at('2026-11-16T13:05:00Z');
  await a.conversation.post({ text: '5' });

  // Tuesday 17 November.
  at('2026-11-17T09:00:00Z');
  expect((await handoff().scheduler.tick()).some((notice) => notice.event === 'sla.breach' && notice.ticket.id === b.ticket)).toBe(true);
  at('2026-11-17T11:00:00Z');
  const d = await directTicket('whatsapp', 'ar', 'urgent', 'lock-no-response');
  at('2026-11-17T11:30:00Z');
  await reply('omar', d); // 30 min: within the urgent hour
  at('2026-11-17T12:00:00Z');
  const solved = await openWebConversation(harness.app);
  for (const text of ['lock is dead, no light no sound', 'no', '1', 'yes']) await solved.post({ text });
  at('2026-11-17T12:30:00Z');
  await agent('omar', 'resolve', d); // resolution 1.5 h
  at('2026-11-17T13:00:00Z');
  const gap = await openWebConversation(harness.app);
  await gap.post({ text: 'purple banana' });
  gapTopic = harness.lockcare.core.services.faq!.search('purple banana', { prefer: 'en' }).suggestions[0]?.topic ?? '-';
  at('2026-11-17T14:00:00Z');
  await reply('maria', b.ticket); // 29 h: late (already counted as a breach)
  at('2026-11-17T15:00:00Z');
  await agent('maria', 'resolve', b.ticket); // 30 h
  await agent('omar', 'resolve', c.ticket); // 29 h
  at('2026-11-17T15:10:00Z');
  await b.conversation.post({ text: '2' });

  // Week 2026-W48: an urgent WeChat ticket breaches, then gets a late reply.
  at('2026-11-23T09:00:00Z');
  const e = await directTicket('wechat', 'en', 'urgent');
  at('2026-11-23T10:05:00Z');
  await handoff().scheduler.tick();
  at('2026-11-23T11:00:00Z');
  await reply('maria', e); // 2 h: late
}, 60_000);

afterAll(async () => {
  await harness?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function report(query: string): Promise<Report> {
  const cookie = await signIn('omar');
  const response = await harness.app.inject({ method: 'GET', url: `/api/agent/reports?${query}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Report;
}

const sla = (within: number, breached: number, percentWithin: number | null) => ({ within, breached, percentWithin });

describe('GET /api/agent/reports', () => {
  it('SLA: within target per week, by priority, channel and language; breaches with ids; median and p90', async () => {
    const { sla: figures } = await report('from=2026-11-16&to=2026-11-29');
    expect(figures.total).toEqual(sla(3, 2, 60));
    expect(figures.weeks.map(({ week, within, breached, percentWithin }) => ({ week, within, breached, percentWithin }))).toEqual([
      { week: '2026-W47', within: 3, breached: 1, percentWithin: 75 },
      { week: '2026-W48', within: 0, breached: 1, percentWithin: 0 },
    ]);
    expect(figures.weeks[0]!.byPriority).toEqual({ normal: sla(2, 1, 66.7), urgent: sla(1, 0, 100) });
    expect(figures.weeks[0]!.byChannel).toEqual({ web: sla(2, 1, 66.7), whatsapp: sla(1, 0, 100) });
    expect(figures.weeks[1]!.byLanguage).toEqual({ en: sla(0, 1, 0) });
    expect(figures.byPriority).toEqual({ normal: sla(2, 1, 66.7), urgent: sla(1, 1, 50) });
    expect(figures.byChannel).toEqual({ web: sla(2, 1, 66.7), wechat: sla(0, 1, 0), whatsapp: sla(1, 0, 100) });
    expect(figures.byLanguage).toEqual({ ar: sla(2, 0, 100), en: sla(1, 1, 50), es: sla(0, 1, 0) });
    expect(figures.breaches.map(({ ticket, priority, channel, language, createdAt, dueAt, firstReplyAt }) => ({ ticket, priority, channel, language, createdAt, dueAt, firstReplyAt }))).toEqual([
      { ticket: 'LC-000002', priority: 'normal', channel: 'web', language: 'es', createdAt: '2026-11-16T09:00:00.000Z', dueAt: '2026-11-17T09:00:00.000Z', firstReplyAt: undefined },
      { ticket: 'LC-000005', priority: 'urgent', channel: 'wechat', language: 'en', createdAt: '2026-11-23T09:00:00.000Z', dueAt: '2026-11-23T10:00:00.000Z', firstReplyAt: undefined },
    ]);
    // First replies: 0.5, 1, 2, 2, 29 h. Resolutions: 1.5, 5, 29, 30 h (nearest rank).
    expect(figures.firstReply).toEqual({
      count: 5,
      medianMs: 2 * HOUR,
      p90Ms: 29 * HOUR,
      byPriority: { normal: { count: 3, medianMs: 2 * HOUR, p90Ms: 29 * HOUR }, urgent: { count: 2, medianMs: 0.5 * HOUR, p90Ms: 2 * HOUR } },
    });
    expect(figures.resolution).toEqual({
      count: 4,
      medianMs: 5 * HOUR,
      p90Ms: 30 * HOUR,
      byPriority: { normal: { count: 3, medianMs: 29 * HOUR, p90Ms: 30 * HOUR }, urgent: { count: 1, medianMs: 1.5 * HOUR, p90Ms: 1.5 * HOUR } },
    });
  });

  it('self-service: conversations, solved by the bot, tickets and deflection per topic and language', async () => {
    const { selfService } = await report('from=2026-11-16&to=2026-11-29');
    expect(selfService).toEqual({
      conversations: 5,
      topicConversations: 1,
      solved: 1,
      tickets: 5,
      deflectionRate: 16.7,
      topics: [
        { topic: '-', language: 'en', conversations: 0, solved: 0, tickets: 2, deflectionRate: 0 },
        { topic: '-', language: 'ar', conversations: 0, solved: 0, tickets: 1, deflectionRate: 0 },
        { topic: '-', language: 'es', conversations: 0, solved: 0, tickets: 1, deflectionRate: 0 },
        { topic: 'lock-no-response', language: 'ar', conversations: 0, solved: 0, tickets: 1, deflectionRate: 0 },
        { topic: 'lock-no-response', language: 'en', conversations: 1, solved: 1, tickets: 0, deflectionRate: 100 },
      ],
    });
  });

  it('satisfaction: CSAT and response rate per week, channel, language and agent', async () => {
    const { satisfaction } = await report('from=2026-11-16&to=2026-11-29');
    const counts = (surveyed: number, answered: number, satisfied: number, csat: number | null, responseRate: number | null, averageScore: number | null) => ({ surveyed, answered, satisfied, csat, responseRate, averageScore });
    expect(satisfaction).toEqual({
      ...counts(4, 2, 1, 50, 50, 3.5),
      weeks: [{ week: '2026-W47', ...counts(4, 2, 1, 50, 50, 3.5) }],
      byChannel: { web: counts(3, 2, 1, 50, 66.7, 3.5), whatsapp: counts(1, 0, 0, null, 0, null) },
      byLanguage: { ar: counts(2, 0, 0, null, 0, null), en: counts(1, 1, 1, 100, 100, 5), es: counts(1, 1, 0, 0, 100, 2) },
      byAgent: { maria: counts(2, 2, 1, 50, 100, 3.5), omar: counts(2, 0, 0, null, 0, null) },
    });
  });

  it('content gaps: the message the FAQ was not confident about, under its nearest topic, with its text', async () => {
    const { contentGaps } = await report('from=2026-11-16&to=2026-11-29');
    expect(contentGaps).toEqual([{ topic: gapTopic, language: 'en', count: 1, samples: ['purple banana'] }]);
  });

  it('volume by hour of day and weekday', async () => {
    const { volume } = await report('from=2026-11-16&to=2026-11-29');
    const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => entries[hour] ?? 0);
    expect(volume.conversations).toEqual({ byHour: hours({ 8: 1, 9: 1, 10: 1, 12: 1, 13: 1 }), byWeekday: [3, 2, 0, 0, 0, 0, 0] });
    expect(volume.tickets).toEqual({ byHour: hours({ 8: 1, 9: 2, 10: 1, 11: 1 }), byWeekday: [4, 1, 0, 0, 0, 0, 0] });
  });

  it('filters every figure by channel and language, and by the range of days', async () => {
    const web = await report('from=2026-11-16&to=2026-11-29&channel=web');
    expect(web.sla.total).toEqual(sla(2, 1, 66.7));
    expect(web.satisfaction.surveyed).toBe(3);
    expect(web.volume.tickets.byWeekday).toEqual([3, 0, 0, 0, 0, 0, 0]);
    const arabic = await report('from=2026-11-16&to=2026-11-29&language=ar');
    expect(arabic.sla.total).toEqual(sla(2, 0, 100));
    expect(arabic.sla.firstReply).toMatchObject({ count: 2, medianMs: 0.5 * HOUR, p90Ms: 1 * HOUR });
    expect(arabic.selfService.conversations).toBe(1);
    // The whole of November reads the month's roll-up instead of its days: the same figures.
    const days = await report('from=2026-11-16&to=2026-11-29');
    const month = await report('from=2026-11-01&to=2026-11-30');
    expect({ ...month, range: null }).toEqual({ ...days, range: null });
    const secondWeek = await report('from=2026-11-23&to=2026-11-29');
    expect(secondWeek.sla.total).toEqual(sla(0, 1, 0));
    expect(secondWeek.sla.breaches.map((entry) => entry.ticket)).toEqual(['LC-000005']);
  });

  it('answers 400 for a bad range or filter and 401 without a session', async () => {
    const cookie = await signIn('omar');
    for (const query of ['from=2026-11-30&to=2026-11-01', 'from=yesterday', 'channel=fax', 'language=fr', 'from=2020-01-01&to=2026-01-01']) {
      const response = await harness.app.inject({ method: 'GET', url: `/api/agent/reports?${query}`, headers: { cookie } });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('E_PAYLOAD');
    }
    expect((await harness.app.inject({ method: 'GET', url: '/api/agent/reports' })).statusCode).toBe(401);
    expect((await harness.app.inject({ method: 'GET', url: '/api/agent/reports.csv' })).statusCode).toBe(401);
  });
});

describe('GET /api/agent/reports.csv', () => {
  it('has every figure of the JSON, one per row', async () => {
    const cookie = await signIn('maria');
    const response = await harness.app.inject({ method: 'GET', url: '/api/agent/reports.csv?from=2026-11-16&to=2026-11-29', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="lockcare-report.csv"');
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,period,priority,channel,language,topic,agent,ticket,metric,value');
    const period = '2026-11-16..2026-11-29';
    for (const line of [
      `sla,${period},,,,,,,within,3`,
      `sla,${period},,,,,,,breached,2`,
      `sla,${period},,,,,,,percent_within,60`,
      'sla,2026-W47,,,,,,,percent_within,75',
      'sla,2026-W47,normal,,,,,,percent_within,66.7',
      'sla,2026-W48,,,en,,,,breached,1',
      `sla,${period},,wechat,,,,,percent_within,0`,
      'breach,2026-11-16T09:00:00.000Z,normal,web,es,,,LC-000002,first_reply_at,',
      'breach,2026-11-23T09:00:00.000Z,urgent,wechat,en,,,LC-000005,first_reply_at,',
      `first_reply,${period},,,,,,,median_ms,${2 * HOUR}`,
      `first_reply,${period},,,,,,,p90_ms,${29 * HOUR}`,
      `first_reply,${period},urgent,,,,,,median_ms,${0.5 * HOUR}`,
      `resolution,${period},,,,,,,median_ms,${5 * HOUR}`,
      `resolution,${period},,,,,,,p90_ms,${30 * HOUR}`,
      `self_service,${period},,,,,,,conversations,5`,
      `self_service,${period},,,,,,,solved_by_bot,1`,
      `self_service,${period},,,,,,,deflection_percent,16.7`,
      `self_service,${period},,,en,lock-no-response,,,solved_by_bot,1`,
      `self_service,${period},,,ar,lock-no-response,,,tickets,1`,
      `satisfaction,${period},,,,,,,csat_percent,50`,
      `satisfaction,${period},,,,,,,response_rate_percent,50`,
      'satisfaction,2026-W47,,,,,,,average_score,3.5',
      `satisfaction,${period},,web,,,,,response_rate_percent,66.7`,
      `satisfaction,${period},,,es,,,,csat_percent,0`,
      `satisfaction,${period},,,,,maria,,csat_percent,50`,
      `satisfaction,${period},,,,,omar,,csat_percent,`,
      `content_gap,${period},,,en,${gapTopic},,,messages,1`,
      `volume_conversations,${period},,,,,,,weekday_1,3`,
      `volume_tickets,${period},,,,,,,hour_09,2`,
      `volume_tickets,${period},,,,,,,weekday_2,1`,
    ]) {
      expect(lines, line).toContain(line);
    }
    // The CSV holds figures, not what customers wrote.
    expect(response.body).not.toContain('banana');
  });
});

describe('retention', () => {
  it('keeps the counts after TICKET_RETENTION_DAYS, but no longer the message texts', async () => {
    at('2027-02-20T12:00:00Z'); // 95 days after the content gap; tickets are kept 90
    const later = await report('from=2026-11-16&to=2026-11-29');
    expect(later.contentGaps).toEqual([{ topic: gapTopic, language: 'en', count: 1, samples: [] }]);
    expect(later.sla.total).toEqual(sla(3, 2, 60));
    expect(await handoff().tickets.get('LC-000001')).toBeNull();
  });
});
