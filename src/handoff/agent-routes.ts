import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { getPairingStates } from '../channels/shared/pairing.js';
import { LockCareError, PayloadError } from '../errors.js';
import { crossSiteReason } from '../http/same-origin.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { AgentDesk } from './agent-desk.js';
import type { AgentPreferences } from './agent-preferences.js';
import type { TicketSummaries } from './ticket-summary.js';
import type { AuditLog } from './audit-log.js';
import { clearedSessionCookie, readSessionCookie, sessionCookie, type AgentSession, type SessionStore } from './agent-sessions.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { AgentLanguage, type AgentDirectory } from './agents-file.js';
import type { DeskTranslator } from './desk-translator.js';
import { SavedReplyInput, type SavedReplies } from './saved-replies.js';
import type { TicketHistory } from './ticket-history.js';
import { endStreamsOnClose, streamTicketEvents } from './console-events.js';
import { isServableType } from './media-policy.js';
import { verifyPassword, hashPassword } from './password-hash.js';
import type { TicketService } from './ticket-service.js';
import type { TopicTags } from './topic-tags.js';

export interface AgentRoutesOptions {
  store: Store;
  tickets: TicketService;
  desk: AgentDesk;
  directory: AgentDirectory;
  preferences: AgentPreferences;
  savedReplies: SavedReplies;
  history: TicketHistory;
  audit: AuditLog;
  summaries: TicketSummaries;
  topicTags: TopicTags;
  /** Undefined when translation is off (no OPENAI_API_KEY). */
  translator?: DeskTranslator;
  sessions: SessionStore;
  throttle: SignInThrottle;
  /** PUBLIC_URL: a browser's Origin must be this (or the request's own host). */
  publicUrl?: string;
  /** Secure cookies (PUBLIC_URL is https). */
  secureCookies: boolean;
  logger: Logger;
  maxTextLength: number;
}

const WRONG_CREDENTIALS = 'Wrong username or password';
const ClaimBody = z.object({ force: z.boolean().optional() }).strict();
const TransferBody = z.object({ to: z.string().trim().toLowerCase().min(1).max(64).nullable(), note: z.string().trim().min(1, 'say why in a note').max(2000) }).strict();
const TopicBody = z.object({ topic: z.string().trim().min(1, 'name a topic id').max(100) }).strict();
const PreferencesBody = z.object({ language: AgentLanguage }).strict();
const LoginBody = z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(1024) }).strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new PayloadError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  return parsed.data;
}

declare module 'fastify' {
  interface FastifyRequest {
    agentSession?: AgentSession;
  }
}

type TicketRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * The agent JSON API (the console uses it, so can scripts):
 * POST/GET/DELETE /api/agent/session, GET /api/agent/tickets, GET /api/agent/tickets/:id,
 * POST /api/agent/tickets/:id/{claim,messages,notes,release,resolve} (admins may claim a held
 * ticket with {"force": true}), GET /api/agent/events (SSE),
 * GET /api/agent/channels (admins: QR pairing), GET /api/agent/status (admins: readiness with
 * counts), GET /api/agent/tickets/:id/media/:index,
 * POST /api/agent/preferences {"language"}, POST /api/agent/translate {"text","to"},
 * GET /api/agent/agents, POST /api/agent/tickets/:id/transfer {"to": username | null, "note"},
 * POST /api/agent/tickets/:id/summary (rewrite the generated summary in the caller's language),
 * GET /api/agent/tickets/:id/history (the customer's other tickets), GET /api/agent/search?q= (closed tickets),
 * GET /api/agent/topics (the FAQ topics, titled in the caller's language), POST /api/agent/tickets/:id/topic {"topic"}
 * (tag the ticket's topic; 400 for an unknown topic id),
 * GET /api/agent/audit/sign-ins (admins; each ticket's audit log comes with the ticket),
 * GET /api/agent/saved-replies; admins: POST /api/agent/saved-replies[/:id] {"language","title","text"}, DELETE /api/agent/saved-replies/:id.
 * The session answers carry the agent's working language and whether translation is on.
 * CSRF: the cookie is SameSite=Strict, every POST must be `application/json`, and a POST or
 * DELETE from another site (Sec-Fetch-Site / Origin, see same-origin.ts) gets 403.
 */
export async function registerAgentRoutes(app: FastifyInstance, options: AgentRoutesOptions): Promise<void> {
  const { tickets, desk, directory, preferences, translator, sessions, throttle, secureCookies } = options;
  const text = z.string().trim().min(1, 'text must not be empty').max(options.maxTextLength);
  const TextBody = z.object({ text }).strict();
  const ReplyBody = z.object({ text, translate: z.boolean().optional(), original: text.optional() }).strict();
  const TranslateBody = z.object({ text, to: AgentLanguage }).strict();
  const whoIs = async (username: string, role: AgentSession['role']) => ({
    agent: { username, role, language: await preferences.language(username) },
    translation: { enabled: translator !== undefined, model: translator?.model ?? null },
  });
  // A fixed hash to verify against when the username is unknown, so both cases take as long
  // (made on the first sign-in, not at start-up).
  let dummyHash: Promise<string> | undefined;

  endStreamsOnClose(app);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const crossSite = crossSiteReason(request, options.publicUrl);
      if (crossSite) {
        options.logger.warn({ reason: crossSite, method: request.method }, 'cross-site request to the agent API refused');
        return reply.status(403).send({ error: { code: 'E_FORBIDDEN', message: 'Cross-site requests are refused' } });
      }
      if (request.method === 'POST' && !String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        return reply.status(415).send({ error: { code: 'E_PAYLOAD', message: 'POST bodies must be JSON (content-type: application/json)' } });
      }
      return undefined;
    });

    const authenticate = async (request: FastifyRequest): Promise<AgentSession> => {
      const session = await sessions.get(readSessionCookie(request.headers.cookie));
      const agent = session ? directory.find(session.username) : undefined;
      if (!session || !agent) throw new LockCareError('E_UNAUTHORIZED', 'Sign in first');
      request.agentSession = { ...session, role: agent.role };
      return request.agentSession;
    };

    scope.post('/api/agent/session', async (request, reply) => {
      const { username, password } = parseBody(LoginBody, request.body);
      const ip = request.ip;
      // Reserve the attempt before the (slow) password check: of many parallel guesses only
      // the first `maxFailures` are checked at all; the rest get 429 at once.
      const wait = await throttle.reserveAttempt(username, ip);
      if (wait > 0) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(wait / 1000))));
        throw new LockCareError('E_RATE_LIMITED', 'Too many failed sign-ins. Try again later.');
      }
      const agent = directory.find(username);
      const ok = agent ? await verifyPassword(password, agent.passwordHash) : (await verifyPassword(password, await (dummyHash ??= hashPassword('lockcare-dummy-password')))) && false;
      if (!agent || !ok) {
        options.logger.info({ ip }, 'console sign-in failed');
        throw new LockCareError('E_UNAUTHORIZED', WRONG_CREDENTIALS);
      }
      await throttle.recordSuccess(username, ip);
      await options.audit.signIn(agent.username);
      const id = await sessions.create({ username: agent.username, role: agent.role, createdAt: new Date().toISOString() });
      reply.header('set-cookie', sessionCookie(id, secureCookies));
      return whoIs(agent.username, agent.role);
    });

    scope.get('/api/agent/session', async (request) => {
      const session = await authenticate(request);
      return whoIs(session.username, session.role);
    });

    scope.post('/api/agent/preferences', async (request) => {
      const session = await authenticate(request);
      const { language } = parseBody(PreferencesBody, request.body);
      await preferences.setLanguage(session.username, language);
      return whoIs(session.username, session.role);
    });

    scope.post('/api/agent/translate', async (request) => {
      const session = await authenticate(request);
      const body = parseBody(TranslateBody, request.body);
      if (!translator) throw new LockCareError('E_CONFLICT', 'Translation is off (no OPENAI_API_KEY)');
      return translator.translate(body.text, await preferences.language(session.username), body.to);
    });

    scope.delete('/api/agent/session', async (request, reply) => {
      await sessions.destroy(readSessionCookie(request.headers.cookie));
      reply.header('set-cookie', clearedSessionCookie(secureCookies));
      return reply.status(204).send();
    });

    scope.get('/api/agent/tickets', async (request) => {
      await authenticate(request);
      return { tickets: await tickets.listOpen() };
    });

    scope.get('/api/agent/tickets/:id', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const detail = await desk.detail(request.params.id, await preferences.language(session.username));
      return { ticket: { ...detail, audit: await options.audit.forTicket(detail.id) } };
    });

    scope.get('/api/agent/tickets/:id/media/:index', async (request: FastifyRequest<{ Params: { id: string; index: string } }>, reply: FastifyReply) => {
      await authenticate(request);
      const ticket = await tickets.require(request.params.id);
      const item = ticket.media.find((media) => String(media.index) === request.params.index);
      const data = item?.stored ? await tickets.loadMedia(ticket.id, item.index) : null;
      if (!item || !data || !isServableType(item.mimeType)) throw new LockCareError('E_NOT_FOUND', 'No stored media with that number');
      return reply
        .header('content-type', item.mimeType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', item.mimeType.startsWith('image/') ? 'inline' : 'attachment')
        .send(Buffer.from(data, 'base64'));
    });

    const summary = (id: string) => tickets.get(id).then((ticket) => (ticket ? tickets.summarize(ticket) : null));

    scope.post('/api/agent/tickets/:id/claim', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const { force } = parseBody(ClaimBody, request.body);
      const before = await tickets.require(request.params.id);
      // Only an admin may take a ticket someone else holds; for anyone else `force` changes nothing (409).
      await desk.claim(request.params.id, session.username, { force: force === true && session.role === 'admin' });
      if (before.assignedTo !== session.username) await options.audit.record(before.id, { actor: session.username, action: before.assignedTo ? 'take-over' : 'claim' }, session);
      return { ticket: await summary(request.params.id) };
    });

    scope.post('/api/agent/tickets/:id/messages', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const body = parseBody(ReplyBody, request.body);
      const { sent } = await desk.reply(request.params.id, session.username, body.text, {
        agentLanguage: await preferences.language(session.username),
        ...(body.translate !== undefined ? { translate: body.translate } : {}),
        ...(body.original !== undefined ? { original: body.original } : {}),
      });
      await options.audit.record(request.params.id, { actor: session.username, action: 'reply', ...(sent.original !== undefined ? { translated: true, ...(sent.model ? { model: sent.model } : {}) } : {}) }, session);
      return { sent, ticket: await summary(request.params.id) };
    });

    // Rewrite the summary in the requesting agent's working language (502 E_SUMMARY: try again).
    scope.post('/api/agent/tickets/:id/summary', async (request: TicketRequest) => {
      const session = await authenticate(request);
      return { summary: await options.summaries.generate((await tickets.require(request.params.id)).id, await preferences.language(session.username)) };
    });

    scope.get('/api/agent/tickets/:id/history', async (request: TicketRequest) => {
      await authenticate(request);
      return { tickets: await options.history.earlier(await tickets.require(request.params.id)) };
    });

    scope.get('/api/agent/topics', async (request) => {
      const session = await authenticate(request);
      return { topics: options.topicTags.list(await preferences.language(session.username)) };
    });

    scope.post('/api/agent/tickets/:id/topic', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const { topic } = parseBody(TopicBody, request.body);
      const { ticket, previous, gapsTagged } = await options.topicTags.tag(request.params.id, session.username, topic);
      await options.audit.record(ticket.id, { actor: session.username, action: 'topic', topic, previous }, session);
      return { ticket: tickets.summarize(ticket), topicTag: ticket.topicTag ?? null, gapsTagged };
    });

    scope.get('/api/agent/search', async (request: FastifyRequest<{ Querystring: { q?: string } }>) => {
      await authenticate(request);
      const query = String(request.query.q ?? '').slice(0, 200);
      if (query.trim().length < 2) throw new PayloadError('q: at least 2 characters');
      return { tickets: await options.history.searchClosed(query) };
    });

    scope.get('/api/agent/audit/sign-ins', async (request) => {
      const session = await authenticate(request);
      if (session.role !== 'admin') throw new LockCareError('E_FORBIDDEN', 'Only admins see the sign-in log');
      return { signIns: await options.audit.signIns() };
    });

    scope.get('/api/agent/agents', async (request) => {
      await authenticate(request);
      const agents = await Promise.all(directory.list().map(async (agent) => ({ username: agent.username, role: agent.role, language: await preferences.language(agent.username) })));
      return { agents };
    });

    scope.post('/api/agent/tickets/:id/transfer', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const { to, note } = parseBody(TransferBody, request.body);
      if (to !== null && !directory.find(to)) throw new PayloadError(`No agent "${to}"`);
      await tickets.require(request.params.id);
      const ticket = await desk.transfer(request.params.id, session.username, { to, note, admin: session.role === 'admin' });
      await options.audit.record(ticket.id, { actor: session.username, action: 'transfer', to }, session);
      return { ticket: tickets.summarize(ticket), notes: ticket.notes };
    });

    const requireAdmin = async (request: FastifyRequest) => {
      const session = await authenticate(request);
      if (session.role !== 'admin') throw new LockCareError('E_FORBIDDEN', 'Only admins edit saved replies');
      return session;
    };
    scope.get('/api/agent/saved-replies', async (request) => {
      await authenticate(request);
      return { replies: await options.savedReplies.list() };
    });
    scope.post('/api/agent/saved-replies', async (request) => {
      const session = await requireAdmin(request);
      return { reply: await options.savedReplies.save(parseBody(SavedReplyInput, request.body), session.username) };
    });
    scope.post('/api/agent/saved-replies/:id', async (request: TicketRequest) => {
      const session = await requireAdmin(request);
      return { reply: await options.savedReplies.save(parseBody(SavedReplyInput, request.body), session.username, request.params.id) };
    });
    scope.delete('/api/agent/saved-replies/:id', async (request: TicketRequest, reply) => {
      await requireAdmin(request);
      await options.savedReplies.remove(request.params.id);
      return reply.status(204).send();
    });

    scope.post('/api/agent/tickets/:id/typing', async (request: TicketRequest, reply: FastifyReply) => {
      const session = await authenticate(request);
      await desk.typing(request.params.id, session.username);
      return reply.status(204).send();
    });

    scope.post('/api/agent/tickets/:id/notes', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const { text } = parseBody(TextBody, request.body);
      const ticket = await desk.note(request.params.id, session.username, text);
      await options.audit.record(ticket.id, { actor: session.username, action: 'note' }, session);
      return { notes: ticket.notes };
    });

    scope.post('/api/agent/tickets/:id/release', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const { ticket, delivered } = await desk.release(request.params.id, session.username);
      await options.audit.record(ticket.id, { actor: session.username, action: 'release' }, session);
      return { ticket: tickets.summarize(ticket), customerNotified: delivered };
    });

    scope.post('/api/agent/tickets/:id/resolve', async (request: TicketRequest) => {
      const session = await authenticate(request);
      const { ticket, delivered } = await desk.resolve(request.params.id, session.username);
      await options.audit.record(ticket.id, { actor: session.username, action: 'resolve' }, session);
      return { ticket: tickets.summarize(ticket), customerNotified: delivered };
    });

    scope.get('/api/agent/events', async (request, reply) => {
      const session = await authenticate(request);
      await streamTicketEvents(app, options.store, request, reply, session.username);
    });

    // Readiness with the detail /readyz keeps from anonymous callers (counts, store kind, channel errors).
    scope.get('/api/agent/status', async (request) => {
      const session = await authenticate(request);
      if (session.role !== 'admin') throw new LockCareError('E_FORBIDDEN', 'Only admins can see the service status');
      if (!app.hasDecorator('readinessDetail')) throw new LockCareError('E_NOT_FOUND', 'No status on this server');
      return app.readinessDetail();
    });

    scope.get('/api/agent/channels', async (request) => {
      const session = await authenticate(request);
      if (session.role !== 'admin') throw new LockCareError('E_FORBIDDEN', 'Only admins can see channel pairing');
      const states = await getPairingStates(options.store);
      const channels = await Promise.all(
        states.map(async (state) => ({ ...state, qrImage: state.qr ? await QRCode.toDataURL(state.qr, { margin: 1, width: 256 }) : null })),
      );
      return { channels };
    });
  });
}
