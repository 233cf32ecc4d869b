import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { conversationKey } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import { endEventStreamsOnClose, streamEvents } from '../../http/event-stream.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import { receive, type InboundPath } from '../shared/receive.js';
import { decodeWebMessage } from './web-decode.js';
import { createWebAdapter, eventsChannel, publishWebMessages, toWebMessages, transcriptToWebMessages, type WebChatMessage } from './web-send.js';
import { registerWidgetRoutes } from './widget-routes.js';

/**
 * The built-in web chat: a page at `/` and a JSON API other programs can use.
 *
 *   POST /api/web/conversations                     → 201 {conversationId, token}
 *   POST /api/web/conversations/:id/messages        → 200 {messages: WebChatMessage[]}
 *   GET  /api/web/conversations/:id/events          → Server-Sent Events, one `message` event per WebChatMessage
 *   GET  /api/web/conversations/:id/messages        → 200 {messages: WebChatMessage[]}: the conversation so far
 *
 * The history is how a customer who closed the tab still gets an agent's reply or the survey:
 * the page loads it when it opens and whenever its event stream reconnects.
 *
 *
 * Messages are decoded in `web-decode.ts`, run through the shared inbound path
 * (`../shared/receive.ts`) and published on the event stream by `web-send.ts`.
 */

const PAGE_DIR = new URL('./page/', import.meta.url);
/** New conversations allowed per client address per window. */
const CREATE_LIMIT = 30;
const CREATE_WINDOW_MS = 60_000;
/** Open event streams allowed per conversation (a few tabs) and per client address (429 beyond). */
export const STREAMS_PER_CONVERSATION = 5;
export const STREAMS_PER_ADDRESS = 50;
const tokenKey = (conversationId: string) => `web:token:${conversationId}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createWebChannel(ctx: SetupContext): Promise<ChannelSetup> {
  const { store, config } = ctx;
  const maxLength = config.conversation.maxMessageLength;

  const adapter = createWebAdapter(store, maxLength, () => ctx.clock.now());
  const inbound: InboundPath = { channel: 'web', core: ctx.core, clock: ctx.clock, logger: ctx.logger };

  /** Check the bearer token: missing → 401, unknown conversation → 404, wrong → 401. */
  async function authorize(request: FastifyRequest<{ Params: { id: string }; Querystring: { token?: string } }>): Promise<string> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.query.token;
    if (!token) throw new LockCareError('E_UNAUTHORIZED', 'Missing bearer token');
    const id = request.params.id;
    const expected = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await store.get(tokenKey(id)) : null;
    if (!expected) throw new LockCareError('E_NOT_FOUND', 'Unknown conversation');
    const given = Buffer.from(hashToken(token));
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      throw new LockCareError('E_UNAUTHORIZED', 'Invalid token for this conversation');
    }
    return id;
  }

  async function routes(app: FastifyInstance): Promise<void> {
    endEventStreamsOnClose(app);
    await registerWidgetRoutes(app, { ctx, inbound, authorize });
    const page = {
      html: readFileSync(new URL('index.html', PAGE_DIR), 'utf8'),
      css: readFileSync(new URL('chat.css', PAGE_DIR), 'utf8'),
    };
    const security = (reply: FastifyReply) =>
      reply
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:");
    app.get('/', async (_request, reply) => security(reply).type('text/html; charset=utf-8').send(page.html));
    app.get('/web/chat.css', async (_request, reply) => security(reply).type('text/css; charset=utf-8').send(page.css));

    app.post('/api/web/conversations', async (request, reply) => {
      // Anyone may open a conversation, but not thousands: each one is kept for days.
      const opened = await store.increment(`web:opened:${request.ip}`, 1, CREATE_WINDOW_MS);
      if (opened > CREATE_LIMIT) {
        reply.header('retry-after', String(Math.ceil(((await store.ttl(`web:opened:${request.ip}`)) ?? CREATE_WINDOW_MS) / 1000)));
        throw new LockCareError('E_RATE_LIMITED', 'Too many new conversations from this address; try again in a minute');
      }
      const conversationId = randomBytes(12).toString('base64url');
      const token = randomBytes(24).toString('base64url');
      await store.set(tokenKey(conversationId), hashToken(token), config.conversation.ttlMs);
      return reply.status(201).send({ conversationId, token });
    });

    app.post<{ Params: { id: string }; Querystring: { token?: string } }>('/api/web/conversations/:id/messages', async (request) => {
      const conversationId = await authorize(request);
      const decoded = decodeWebMessage(request.body, conversationId, { maxLength, now: ctx.clock.now() });
      let messages: WebChatMessage[] = [];
      // The replies answer the request and go on the event stream too, so every open tab sees them.
      const result = await receive(inbound, decoded, async (outbound) => {
        messages = toWebMessages(outbound, ctx.clock.now());
        await publishWebMessages(store, conversationId, messages);
      });
      return { messages, ...(result?.duplicate ? { duplicate: true } : {}) };
    });

    app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/api/web/conversations/:id/messages', async (request) => {
      const conversationId = await authorize(request);
      const entries = await ctx.core().transcript(conversationKey('web', conversationId));
      return { messages: transcriptToWebMessages(entries) };
    });

    app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/api/web/conversations/:id/events', async (request, reply) => {
      const conversationId = await authorize(request);
      await streamEvents(app, store, request, reply, {
        topic: eventsChannel(conversationId),
        greeting: `connected to ${conversationKey('web', conversationId)}`,
        frame: (message) => ({ id: (JSON.parse(message) as WebChatMessage).id, event: 'message' }),
        caps: [
          { key: `web-conversation:${conversationId}`, max: STREAMS_PER_CONVERSATION },
          { key: `web-address:${request.ip}`, max: STREAMS_PER_ADDRESS },
        ],
      });
    });
  }

  return { adapter, routes };
}
