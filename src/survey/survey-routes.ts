import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../core/dialog.js';
import { LockCareError, PayloadError } from '../errors.js';
import { SessionStore } from '../handoff/agent-sessions.js';
import type { AgentDirectory } from '../handoff/agents-file.js';
import type { Logger } from '../logger.js';
import { authenticateAgent, requireAdmin } from '../reports/agent-auth.js';
import type { Store } from '../store/store.js';
import type { SurveyCampaigns } from './survey-campaign.js';
import { answersToCsv, type SurveyService } from './survey-service.js';

const PdcaBody = z
  .object({ plan: z.string().max(2000), do: z.string().max(2000), check: z.string().max(2000), act: z.string().max(2000) })
  .strict();
const StartBody = z.object({ now: z.boolean().optional() }).strict();

export interface SurveyRoutesOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  surveys: SurveyService;
  campaigns: () => SurveyCampaigns;
  directory: () => AgentDirectory;
}

function yearOf(raw: string): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100) throw new PayloadError('year must be like 2026');
  return year;
}

/**
 * The yearly survey in the console: GET /api/agent/surveys/:year (campaign counts, results,
 * PDCA), GET …/:year/answers.csv, and for admins POST …/:year (start or resume the campaign)
 * and POST …/:year/pdca (the actions taken).
 */
export function registerSurveyRoutes(app: FastifyInstance, options: SurveyRoutesOptions): void {
  const sessions = new SessionStore(options.store);
  const signedIn = (request: Parameters<typeof authenticateAgent>[0]) => authenticateAgent(request, sessions, options.directory());

  app.get<{ Params: { year: string } }>('/api/agent/surveys/:year', async (request, reply) => {
    await signedIn(request);
    const year = yearOf(request.params.year);
    const campaigns = options.campaigns();
    const campaign = await campaigns.campaign(year);
    reply.header('cache-control', 'no-store');
    return {
      campaign: campaign ? { ...campaign, ...(await campaigns.counts(year)) } : null,
      results: await options.surveys.results(year),
      pdca: await options.surveys.pdca(year),
    };
  });

  app.get<{ Params: { year: string } }>('/api/agent/surveys/:year/answers.csv', async (request, reply) => {
    await signedIn(request);
    const year = yearOf(request.params.year);
    const answers = (await options.surveys.answers(year)).map((entry) => entry.answer);
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="lockcare-survey-${year}.csv"`)
      .send(answersToCsv(year, answers));
  });

  app.post<{ Params: { year: string } }>('/api/agent/surveys/:year/pdca', async (request) => {
    const session = await signedIn(request);
    requireAdmin(session);
    const parsed = PdcaBody.safeParse(request.body ?? {});
    if (!parsed.success) throw new PayloadError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
    return { pdca: await options.surveys.savePdca(yearOf(request.params.year), parsed.data, session.username, options.clock.now()) };
  });

  app.post<{ Params: { year: string } }>('/api/agent/surveys/:year', async (request, reply) => {
    const session = await signedIn(request);
    requireAdmin(session);
    const year = yearOf(request.params.year);
    const body = StartBody.safeParse(request.body ?? {});
    if (!body.success) throw new PayloadError('body: {"now": true} runs before December');
    const now = options.clock.now();
    if (!body.data.now && now < new Date(Date.UTC(year, 11, 1))) {
      throw new LockCareError('E_CONFLICT', `The ${year} survey runs in December; send {"now": true} to run it now`);
    }
    // Runs in the background, paced; the page polls GET for the counts.
    void options
      .campaigns()
      .run(year, session.username)
      .catch((error: unknown) => options.logger.error({ err: error, year }, 'survey campaign stopped'));
    return reply.status(202).send({ started: true, year });
  });
}
