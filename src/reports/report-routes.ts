import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../core/dialog.js';
import { CHANNEL_NAMES, LANGUAGES, isLanguage } from '../core/types.js';
import { PayloadError } from '../errors.js';
import { SessionStore } from '../handoff/agent-sessions.js';
import type { AgentDirectory } from '../handoff/agents-file.js';
import { CONSOLE_CSP } from '../handoff/console-routes.js';
import type { Store } from '../store/store.js';
import { authenticateAgent } from './agent-auth.js';
import { addDays, type ReportCalendar } from './report-calendar.js';
import { reportToCsv } from './report-csv.js';
import { buildReport, type ReportFilter } from './report-query.js';
import type { RollupStore } from './rollup-store.js';

const PAGE_DIR = new URL('./reports-page/', import.meta.url);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range one request may ask for (the roll-ups' default retention). */
const MAX_RANGE_DAYS = 1096;

const Query = z
  .object({
    from: z.string().regex(DAY, 'from must be YYYY-MM-DD').optional(),
    to: z.string().regex(DAY, 'to must be YYYY-MM-DD').optional(),
    channel: z.enum(CHANNEL_NAMES).optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();

export interface ReportRoutesOptions {
  store: Store;
  rollups: RollupStore;
  calendar: ReportCalendar;
  clock: Clock;
  directory: () => AgentDirectory;
  /** Content-gap texts are kept this long (TICKET_RETENTION_DAYS). */
  gapTextTtlMs: number;
  /** Locale words of the page, per language (`locales/<lng>/reports.json`). */
  strings: (language: string) => unknown;
}

/** Where chart.js's browser build lives in node_modules (served, never fetched from a CDN). */
function chartJsPath(): string {
  // The package's exports hide dist/, so find the package through its main entry.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

/**
 * The reports API and page: `GET /api/agent/reports?from&to&channel&language` (JSON),
 * `GET /api/agent/reports.csv` (same figures, one per row), and `/console/reports`.
 * Every signed-in console user may read them; only admins change PDCA actions.
 */
export function registerReportRoutes(app: FastifyInstance, options: ReportRoutesOptions): void {
  const sessions = new SessionStore(options.store);
  const filterOf = (query: unknown): ReportFilter => {
    const parsed = Query.safeParse(query ?? {});
    if (!parsed.success) throw new PayloadError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
    const today = options.calendar.dayOf(options.clock.now());
    const to = parsed.data.to ?? today;
    const from = parsed.data.from ?? addDays(to, -27);
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) throw new PayloadError('from and to must be real dates');
    if (from > to) throw new PayloadError('from must not be after to');
    if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) throw new PayloadError(`at most ${MAX_RANGE_DAYS} days per report`);
    const textsFrom = options.calendar.dayOf(new Date(options.clock.now().getTime() - options.gapTextTtlMs));
    return { from, to, textsFrom, ...(parsed.data.channel ? { channel: parsed.data.channel } : {}), ...(parsed.data.language ? { language: parsed.data.language } : {}) };
  };
  const report = (query: unknown) => buildReport(options.rollups, options.store, filterOf(query), options.calendar.timeZone);

  app.get('/api/agent/reports', async (request, reply) => {
    await authenticateAgent(request, sessions, options.directory());
    reply.header('cache-control', 'no-store');
    return report(request.query);
  });

  app.get('/api/agent/reports.csv', async (request, reply) => {
    await authenticateAgent(request, sessions, options.directory());
    const body = reportToCsv(await report(request.query));
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="lockcare-report.csv"')
      .send(body);
  });

  const secure = (reply: FastifyReply) =>
    reply.header('x-content-type-options', 'nosniff').header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer').header('content-security-policy', CONSOLE_CSP);
  const page = readFileSync(new URL('reports.html', PAGE_DIR), 'utf8');
  const assets = new Map<string, { type: string; body: string }>([
    ['reports.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('reports.js', PAGE_DIR), 'utf8') }],
    ['reports-charts.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('reports-charts.js', PAGE_DIR), 'utf8') }],
    ['reports.css', { type: 'text/css; charset=utf-8', body: readFileSync(new URL('reports.css', PAGE_DIR), 'utf8') }],
    ['chart.umd.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(chartJsPath(), 'utf8') }],
  ]);
  app.get('/console/reports', async (_request, reply) => secure(reply).type('text/html; charset=utf-8').send(page));
  app.get<{ Params: { asset: string } }>('/console/reports/:asset', async (request, reply) => {
    const asset = assets.get(request.params.asset);
    if (!asset) return reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: 'No such reports file' } });
    return secure(reply).type(asset.type).send(asset.body);
  });
  app.get<{ Params: { language: string } }>('/console/reports/strings/:language', async (request, reply) => {
    const language = request.params.language.replace(/\.json$/, '');
    return secure(reply).send(options.strings(isLanguage(language) ? language : 'en'));
  });
}
