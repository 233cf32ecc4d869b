import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../core/dialog.js';
import { LockCareError, PayloadError } from '../errors.js';
import { AgentPreferences } from '../handoff/agent-preferences.js';
import { SessionStore, type AgentSession } from '../handoff/agent-sessions.js';
import { AgentLanguage, type AgentDirectory } from '../handoff/agents-file.js';
import type { DeskTranslator } from '../handoff/desk-translator.js';
import type { Logger } from '../logger.js';
import { authenticateAgent, requireAdmin } from '../reports/agent-auth.js';
import type { Store } from '../store/store.js';
import { readableComments } from './comment-translation.js';
import type { SurveyCampaigns } from './survey-campaign.js';
import { answersToCsv, type SurveyService } from './survey-service.js';

const Part = z.string().max(2000);
/** The parts given replace the saved ones; `actions` is the results text per customer language. */
const PdcaBody = z
  .object({ plan: Part.optional(), do: Part.optional(), check: Part.optional(), act: Part.optional(), actions: z.object({ en: Part.optional(), es: Part.optional(), ar: Part.optional() }).strict().optional() })
  .strict();
const StartBody = z.object({ now: z.boolean().optional() }).strict();
/** `?lang=`: the language the reader wants free-text answers in (else their working language). */
const ReaderQuery = z.object({ lang: AgentLanguage.optional() }).strict();

export interface SurveyRoutesOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  surveys: SurveyService;
  campaigns: () => SurveyCampaigns;
  directory: () => AgentDirectory;
  /** Translates free-text answers for the reader; undefined without OPENAI_API_KEY. */
  translator?: DeskTranslator;
}

function yearOf(raw: string): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100) throw new PayloadError('year must be like 2026');
  return year;
}

/**
 * The yearly survey in the console: GET /api/agent/surveys/:year?lang= (campaign counts,
 * results, PDCA, the free-text answers as written and translated for the reader), GET
 * …/:year/answers.csv?lang=, and for admins POST …/:year (start or resume the campaign) and
 * POST …/:year/pdca (the actions taken).
 */
export function registerSurveyRoutes(app: FastifyInstance, options: SurveyRoutesOptions): void {
  const sessions = new SessionStore(options.store);
  const signedIn = (request: Parameters<typeof authenticateAgent>[0]) => authenticateAgent(request, sessions, options.directory());
  const readerLanguage = async (session: AgentSession, query: unknown): Promise<AgentLanguage> => {
    const parsed = ReaderQuery.safeParse(query ?? {});
    if (!parsed.success) throw new PayloadError('lang must be one of en, es, ar, zh');
    return parsed.data.lang ?? (await new AgentPreferences(options.store, options.directory()).language(session.username));
  };
  /** The year's answers with each comment as the reader reads it. */
  const readableAnswers = async (year: number, language: AgentLanguage) => {
    const answers = (await options.surveys.answers(year)).map((entry) => entry.answer);
    return { answers, comments: await readableComments(answers, language, options.translator) };
  };

  app.get<{ Params: { year: string } }>('/api/agent/surveys/:year', async (request, reply) => {
    const session = await signedIn(request);
    const year = yearOf(request.params.year);
    const language = await readerLanguage(session, request.query);
    const campaigns = options.campaigns();
    const campaign = await campaigns.campaign(year);
    const { answers, comments } = await readableAnswers(year, language);
    const plan = campaign ? await campaigns.planPublish(year) : null;
    reply.header('cache-control', 'no-store');
    return {
      campaign: campaign ? { ...campaign, ...(await campaigns.counts(year)) } : null,
      /** Who `survey publish` would still send the results to, per language, and where each text comes from. */
      publish: plan ? { languages: plan.languages, missing: plan.missing } : null,
      results: await options.surveys.results(year),
      pdca: await options.surveys.pdca(year),
      translation: { enabled: options.translator !== undefined, language, model: options.translator?.model ?? null },
      comments: answers.flatMap((answer, index) => {
        const comment = comments[index];
        return comment ? [{ ...comment, channel: answer.channel, ...(answer.topic ? { topic: answer.topic } : {}) }] : [];
      }),
    };
  });

  app.get<{ Params: { year: string } }>('/api/agent/surveys/:year/answers.csv', async (request, reply) => {
    const session = await signedIn(request);
    const year = yearOf(request.params.year);
    const language = await readerLanguage(session, request.query);
    const { answers, comments } = await readableAnswers(year, language);
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="lockcare-survey-${year}.csv"`)
      .send(answersToCsv(year, answers, { language, comments }));
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
