import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TranscriptEntry } from '../../core/stored-forms.js';
import { textDirection } from '../../core/i18n.js';
import { conversationKey, isLanguage, type ChannelAdapter, type ConversationTarget, type OutboundMessage } from '../../core/types.js';
import { LockCareError, PayloadError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import { endEventStreamsOnClose, streamEvents } from '../../http/event-stream.js';
import type { ChannelSetup } from '../channel-setup.js';

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
 * Every later message of the conversation (bot replies, agent replies, notices) is also pushed
 * on the event stream, each with an `id`, so a client that uses both can drop what it has seen.
 * Events travel through the store's pub/sub, so an agent reply sent by another process arrives.
 */
export interface WebChatMessage {
  id: string;
  text: string;
  /** History items carry titles only: answer them by sending the title as text. */
  choices?: Array<{ title: string; value?: string }>;
  dir: 'ltr' | 'rtl';
  lang: string;
  from: 'bot' | 'agent' | 'customer';
  agentName?: string;
  kind?: 'handoff';
  event?: string;
}

const PAGE_DIR = new URL('./page/', import.meta.url);
/** New conversations allowed per client address per window. */
const CREATE_LIMIT = 30;
const CREATE_WINDOW_MS = 60_000;
const eventsChannel = (conversationId: string) => `web:events:${conversationId}`;
const tokenKey = (conversationId: string) => `web:token:${conversationId}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function toWebMessages(messages: OutboundMessage[]): WebChatMessage[] {
  return messages.map(({ reply, dir, language, author }) => {
    const base = {
      id: randomUUID(),
      dir,
      lang: language,
      from: author.kind,
      ...(author.kind === 'agent' ? { agentName: author.name } : {}),
    } as const;
    if (reply.type === 'text') return { ...base, text: reply.text, ...(reply.choices ? { choices: reply.choices } : {}) };
    if (reply.type === 'handoff') return { ...base, text: reply.text, kind: 'handoff', event: reply.event };
    return { ...base, text: reply.text ?? reply.media.caption ?? reply.media.url ?? '' };
  });
}

/** The stored transcript as web chat messages (ids are positions in the transcript). */
export function transcriptToWebMessages(entries: TranscriptEntry[]): WebChatMessage[] {
  return entries.map((entry, index) => {
    const language = isLanguage(entry.language) ? entry.language : 'en';
    const base = { id: `h${index}`, text: entry.text, dir: textDirection(language), lang: language };
    if (entry.from === 'customer') return { ...base, from: 'customer' };
    if (entry.from === 'agent') return { ...base, from: 'agent', ...(entry.author ? { agentName: entry.author } : {}) };
    if (entry.from === 'system') return { ...base, from: 'bot', kind: 'handoff' };
    return { ...base, from: 'bot', ...(entry.choices ? { choices: entry.choices.map((title) => ({ title })) } : {}) };
  });
}

export async function createWebChannel(ctx: SetupContext): Promise<ChannelSetup> {
  const { store, config } = ctx;
  const maxLength = config.conversation.maxMessageLength;

  const adapter: ChannelAdapter = {
    name: 'web',
    capabilities: { choices: true, media: true, maxTextLength: maxLength, proactive: true },
    async send(target: ConversationTarget, messages: OutboundMessage[]) {
      await publish(target.conversationId, toWebMessages(messages));
    },
  };

  async function publish(conversationId: string, messages: WebChatMessage[]): Promise<void> {
    for (const message of messages) await store.publish(eventsChannel(conversationId), JSON.stringify(message));
  }

  const MessageBody = z.union([
    z.object({
      text: z.string().trim().min(1, 'text must not be empty').max(maxLength, `text must be at most ${maxLength} characters`),
      clientMessageId: z.string().min(1).max(128).optional(),
      locale: z.string().max(35).optional(),
      timeZone: z.string().max(64).optional(),
    }).strict(),
    z.object({
      value: z.string().min(1).max(200),
      text: z.string().max(maxLength).optional(),
      clientMessageId: z.string().min(1).max(128).optional(),
      locale: z.string().max(35).optional(),
      timeZone: z.string().max(64).optional(),
    }).strict(),
  ]);

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
    const page = {
      html: readFileSync(new URL('index.html', PAGE_DIR), 'utf8'),
      js: readFileSync(new URL('chat.js', PAGE_DIR), 'utf8'),
      css: readFileSync(new URL('chat.css', PAGE_DIR), 'utf8'),
    };
    const security = (reply: FastifyReply) =>
      reply
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:");
    app.get('/', async (_request, reply) => security(reply).type('text/html; charset=utf-8').send(page.html));
    app.get('/web/chat.js', async (_request, reply) => security(reply).type('text/javascript; charset=utf-8').send(page.js));
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
      if (request.body === undefined || request.body === null || typeof request.body !== 'object') {
        throw new PayloadError('Body must be a JSON object with "text" or "value"');
      }
      const parsed = MessageBody.safeParse(request.body);
      if (!parsed.success) throw new PayloadError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
      const body = parsed.data;
      const result = await ctx.core().handle({
        channel: 'web',
        conversationId,
        user: { id: conversationId },
        platformMessageId: body.clientMessageId ?? randomUUID(),
        content: 'value' in body ? { type: 'choice', value: body.value, text: body.text } : { type: 'text', text: body.text },
        localeHint: body.locale,
        timeZone: body.timeZone,
        receivedAt: ctx.clock.now(),
      });
      const messages = toWebMessages(result.outbound);
      // Push to the event stream too, so every open tab of the conversation sees them.
      await publish(conversationId, messages);
      return { messages, ...(result.duplicate ? { duplicate: true } : {}) };
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
      });
    });
  }

  return { adapter, routes };
}
