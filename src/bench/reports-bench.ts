import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createLockCare } from '../app.js';
import { loadConfig } from '../config.js';
import type { ChannelName, Language } from '../core/types.js';
import { writeAgentsFile } from '../handoff/agents-file.js';
import { hashPassword } from '../handoff/password-hash.js';
import type { Ticket, TicketEvent } from '../handoff/ticket-types.js';
import { createSilentLogger } from '../logger.js';
import { addDays, daysBetween, ReportCalendar } from '../reports/report-calendar.js';
import { ReportRecorder } from '../reports/report-recorder.js';
import { breachesKey, rollupKey, RollupStore } from '../reports/rollup-store.js';
import { MemoryStore } from '../store/memory-store.js';
import { RedisStore } from '../store/redis-store.js';
import type { Store } from '../store/store.js';
import { percentile, type BenchFigure, type BenchSuite } from './suite.js';

/**
 * Reports: a year of 100,000 tickets (with first replies, breaches, resolutions and survey
 * scores) goes through the same recorder the ticket service calls, into the daily roll-ups;
 * then report requests (GET /api/agent/reports over HTTP, signed in) are timed for a year, a
 * quarter and four weeks, with and without filters, on the in-memory store and on Redis.
 * Target: report request p99 < 200 ms.
 */
const HOUR = 3_600_000;
const CHANNELS: ChannelName[] = ['web', 'whatsapp', 'wechat', 'teams'];
const LANGUAGES: Language[] = ['en', 'es', 'ar'];
const TOPICS = ['lock-no-response', 'card-encoding-failed', 'low-battery-warning', 'door-stays-open', undefined];
const START = Date.parse('2025-12-01T00:00:00Z');

/** A deterministic pseudo-random sequence (no Math.random: runs compare). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function ticketAt(index: number, random: () => number): Ticket {
  const createdAt = START + Math.floor(random() * 365 * 24) * HOUR + Math.floor(random() * HOUR);
  const urgent = random() < 0.1;
  const dueAt = createdAt + (urgent ? 1 : 24) * HOUR;
  const reply = createdAt + Math.floor(random() * (urgent ? 2 : 30) * HOUR);
  const resolved = reply + Math.floor(random() * 48 * HOUR);
  const score = random() < 0.55 ? 1 + Math.floor(random() * 5) : undefined;
  return {
    id: `LC-${String(index + 1).padStart(6, '0')}`,
    status: 'resolved',
    priority: urgent ? 'urgent' : 'normal',
    reason: 'user-request',
    channel: CHANNELS[index % CHANNELS.length]!,
    conversationId: `c${index}`,
    conversationKey: `web:c${index}`,
    language: LANGUAGES[index % LANGUAGES.length]!,
    customer: { id: `c${index}` },
    ...(TOPICS[index % TOPICS.length] ? { topic: TOPICS[index % TOPICS.length] } : {}),
    facts: {},
    lastMessages: [],
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(resolved).toISOString(),
    dueAt: new Date(dueAt).toISOString(),
    slaPoints: { warn50: '', warn80: '', breach: new Date(dueAt).toISOString() },
    slaFired: {},
    firstReplyAt: new Date(reply).toISOString(),
    firstReplyBy: index % 2 ? 'maria' : 'omar',
    timeToFirstReplyMs: reply - createdAt,
    resolvedAt: new Date(resolved).toISOString(),
    resolvedBy: index % 2 ? 'maria' : 'omar',
    timeToResolveMs: resolved - createdAt,
    resolution: 'resolved',
    notes: [],
    media: [],
    ...(score ? { surveyScore: score, surveyAt: new Date(resolved + HOUR).toISOString() } : {}),
    sourceMessageId: `m${index}`,
  };
}

async function rollUp(store: Store, tickets: number, log: (line: string) => void, bulk: boolean): Promise<number> {
  const rollups = new RollupStore(store);
  const recorder = new ReportRecorder({ rollups, store, calendar: new ReportCalendar('UTC'), logger: createSilentLogger(), seenTtlMs: 400 * 86_400_000, gapTextTtlMs: 90 * 86_400_000 });
  const random = sequence(42);
  const events: Array<TicketEvent['type']> = ['ticket.created', 'ticket.replied', 'ticket.resolved', 'ticket.survey'];
  const started = performance.now();
  const work = async () => {
    for (let index = 0; index < tickets; index += 1) {
      const ticket = ticketAt(index, random);
      for (const type of events) await recorder.onTicketEvent(type, ticket);
      if (Date.parse(ticket.firstReplyAt!) > Date.parse(ticket.dueAt)) await recorder.onTicketEvent('sla.breach', ticket);
      if ((index + 1) % 25_000 === 0) log(`reports: ${index + 1} tickets rolled up`);
    }
  };
  if (bulk) await rollups.buffered(work);
  else await work();
  return performance.now() - started;
}

async function timeRequests(store: Store, rounds: number): Promise<{ wall: number[]; cpu: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-bench-reports-'));
  const password = 'bench-password-1234';
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'bench', role: 'admin', passwordHash: await hashPassword(password) }]);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AGENTS_FILE: join(dir, 'agents.json'), DEMO_AGENT: 'false' });
  const lockcare = await createLockCare(config, { store, logger: createSilentLogger(), clock: { now: () => new Date('2026-11-30T12:00:00Z') } });
  const app = await buildApp(lockcare);
  try {
    const login = await app.inject({ method: 'POST', url: '/api/agent/session', payload: { username: 'bench', password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const to = '2026-11-30';
    const queries = [`from=${addDays(to, -364)}&to=${to}`, `from=${addDays(to, -90)}&to=${to}&channel=whatsapp`, `from=${addDays(to, -27)}&to=${to}`, `from=${addDays(to, -364)}&to=${to}&language=ar`];
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (const query of queries) {
        const used = process.cpuUsage();
        const started = performance.now();
        const response = await app.inject({ method: 'GET', url: `/api/agent/reports?${query}`, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`report request failed: ${response.statusCode} ${response.body}`);
        wall.push(performance.now() - started);
        const spent = process.cpuUsage(used);
        cpu.push((spent.user + spent.system) / 1000);
      }
    }
    return { wall, cpu };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

export const reportsBench: BenchSuite = {
  name: 'reports',
  async run({ quick, redisUrl, log }) {
    const tickets = quick ? 10_000 : 100_000;
    const rounds = quick ? 5 : 50;
    // Live roll-up speed: every event read-modify-writes its day and month (what the ticket service pays).
    const live = quick ? 500 : 2_000;
    const liveMs = await rollUp(new MemoryStore(), live, log, false);
    const memory = new MemoryStore();
    log(`reports: rolling up ${tickets} tickets (a year, buffered)`);
    const rollupMs = await rollUp(memory, tickets, log, true);
    const figures: BenchFigure[] = [
      { name: `live roll-up, ${live.toLocaleString('en-US')} tickets (5 events each, memory)`, value: Math.round((live / liveMs) * 1000), unit: 'tickets/s', compareTo: 'no target' },
      { name: `bulk roll-up of ${tickets.toLocaleString('en-US')} tickets (memory)`, value: Math.round((tickets / rollupMs) * 1000), unit: 'tickets/s', compareTo: 'no target' },
    ];

    // Requests run on a store holding the roll-ups alone (copied key by key): the recorder's
    // "already counted" markers (half a million here) say nothing about reading reports, and the
    // in-memory store's sweep over them would land in the middle of the timings.
    const days = daysBetween('2025-11-30', '2026-12-03');
    const keys = [...days.map(rollupKey), ...[...new Set(days.map((day) => day.slice(0, 7)))].map(rollupKey)];
    const values = await memory.getMany(keys);
    const breachLists = await Promise.all(days.map((day) => memory.listRange(breachesKey(day), 0, -1)));
    await memory.close(); // its half a million markers would otherwise sit in every garbage collection below
    const copyTo = async (target: Store) => {
      await target.setMany(keys.flatMap((key, index) => (values[index] ? [[key, values[index]!] as const] : [])));
      for (const [index, day] of days.entries()) {
        if (breachLists[index]!.length > 0) await target.listPush(breachesKey(day), breachLists[index]!, 10_000);
      }
    };
    const targets: Array<{ label: string; store: Store }> = [{ label: 'memory', store: new MemoryStore() }];
    if (redisUrl) targets.push({ label: 'redis', store: await RedisStore.connect(redisUrl, createSilentLogger(), { prefix: `bench-reports-${randomUUID()}:` }) });
    for (const { label, store } of targets) {
      try {
        await copyTo(store);
        // The first request (cold: every month parsed once) is reported on its own and left out of the percentiles.
        const times = await timeRequests(store, rounds);
        const wall = times.wall.slice(4);
        const p99 = percentile(wall, 99);
        figures.push({ name: `report request, first (cold, ${label}; a year)`, value: round(times.wall[0]!), unit: 'ms', compareTo: 'no target' });
        figures.push({ name: `report request p50 (${label}; year, quarter, 4 weeks)`, value: round(percentile(wall, 50)), unit: 'ms', compareTo: 'no target' });
        figures.push({ name: `report request p99 (${label}; year, quarter, 4 weeks)`, value: round(p99), unit: 'ms', compareTo: 'target < 200 ms', pass: p99 < 200 });
        figures.push({ name: `report request p99 CPU time (${label})`, value: round(percentile(times.cpu.slice(4), 99)), unit: 'ms', compareTo: 'target < 200 ms (informational)' });
      } finally {
        await store.close();
      }
    }
    return figures;
  },
};
