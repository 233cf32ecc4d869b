import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loadLocaleResources } from '../../core/i18n.js';
import { conversationKey, isLanguage, LANGUAGES, type InboundContent } from '../../core/types.js';
import { PayloadError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import { acceptMedia, contentFromIntake } from '../shared/media-intake.js';
import { receive, type InboundPath } from '../shared/receive.js';
import { formatTranscript } from './web-transcript.js';
import { registerWebCors } from './web-cors.js';
import { publishWebMessages, toWebMessages, type WebChatMessage } from './web-send.js';

/**
 * The embeddable widget and what it needs besides the message API:
 *
 *   GET  /widget.js, /widget.css                   the widget (launcher + panel in a Shadow DOM)
 *   GET  /favicon.ico
 *   POST /api/web/conversations/:id/open           → {messages}: the greeting and menu, once
 *   POST /api/web/conversations/:id/media          a photo or video (raw body) → {messages}
 *   GET  /api/web/conversations/:id/transcript     the conversation as plain text (download)
 *
 * The widget's words come from `locales/<lng>/webchat.json`, inlined into widget.js.
 */
type ConversationRequest = FastifyRequest<{ Params: { id: string }; Querystring: { token?: string } }>;

export interface WidgetRouteDeps {
  ctx: SetupContext;
  /** The web chat's shared inbound path (`../shared/receive.ts`). */
  inbound: InboundPath;
  authorize(request: ConversationRequest): Promise<string>;
}

const PAGE_DIR = new URL('./page/', import.meta.url);
const WIDGET_DIR = new URL('./widget/', import.meta.url);
/** The widget's source files, concatenated in this order into one script. */
const WIDGET_FILES = ['widget-text.js', 'widget-api.js', 'widget-view.js', 'widget-messages.js', 'widget-main.js'];

export function buildWidgetScript(maxUploadBytes: number): string {
  const resources = loadLocaleResources();
  const strings = Object.fromEntries(LANGUAGES.map((language) => [language, resources[language].webchat]));
  const body = WIDGET_FILES.map((file) => readFileSync(new URL(file, WIDGET_DIR), 'utf8')).join('\n');
  return `/* LockCare chat widget */\n(function () {\n'use strict';\nconst LC_STRINGS = ${JSON.stringify(strings)};\nconst LC_LIMITS = ${JSON.stringify({ maxUploadBytes })};\n${body}\n})();\n`;
}

const OpenBody = z.object({ locale: z.string().max(35).optional(), timeZone: z.string().max(64).optional() }).strict();

export async function registerWidgetRoutes(app: FastifyInstance, deps: WidgetRouteDeps): Promise<void> {
  const { ctx, inbound, authorize } = deps;
  const { config } = ctx;
  const maxBytes = config.outbound.mediaMaxBytes;
  registerWebCors(app, config.webChat.allowedOrigins, config.publicUrl);

  const script = buildWidgetScript(maxBytes);
  const css = readFileSync(new URL('widget.css', WIDGET_DIR), 'utf8');
  const favicon = readFileSync(new URL('favicon.ico', PAGE_DIR));
  // Loaded by other sites: readable cross-origin, never sniffed, cached for an hour.
  const asset = (reply: FastifyReply, type: string) =>
    reply.header('x-content-type-options', 'nosniff').header('cross-origin-resource-policy', 'cross-origin').header('cache-control', 'public, max-age=3600').type(type);
  app.get('/widget.js', async (_request, reply) => asset(reply, 'text/javascript; charset=utf-8').send(script));
  app.get('/widget.css', async (_request, reply) => asset(reply, 'text/css; charset=utf-8').send(css));
  app.get('/favicon.ico', async (_request, reply) => asset(reply, 'image/x-icon').send(favicon));

  /** Run a message (or the opening `welcome`) through the shared inbound path; the replies answer the request and go on the event stream. */
  async function runTurn(kind: 'message' | 'welcome', conversationId: string, content: InboundContent, extra: { messageId?: string; locale?: string; timeZone?: string }) {
    let messages: WebChatMessage[] = [];
    const message = {
      channel: 'web' as const,
      conversationId,
      user: { id: conversationId },
      platformMessageId: extra.messageId ?? randomUUID(),
      content,
      localeHint: extra.locale,
      timeZone: extra.timeZone,
      receivedAt: ctx.clock.now(),
    };
    await receive(inbound, { kind, message }, async (outbound) => {
      messages = toWebMessages(outbound, ctx.clock.now());
      await publishWebMessages(ctx.store, conversationId, messages);
    });
    return { messages };
  }

  // The greeting and the menu before the customer types: a `welcome` (an empty first turn), run once.
  app.post<{ Params: { id: string }; Querystring: { token?: string } }>('/api/web/conversations/:id/open', async (request) => {
    const conversationId = await authorize(request);
    const parsed = OpenBody.safeParse(request.body ?? {});
    if (!parsed.success) throw new PayloadError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
    if (await ctx.core().getState(conversationKey('web', conversationId))) return { messages: [] };
    return runTurn('welcome', conversationId, { type: 'text', text: '' }, { messageId: 'open', ...parsed.data });
  });

  // A photo or video from the customer: the raw file as the body, checked like every channel's media.
  await app.register(async (scope) => {
    // Every type arrives as bytes (JSON and text included) and the media intake decides.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
    scope.post<{ Params: { id: string }; Querystring: { token?: string } }>('/api/web/conversations/:id/media', async (request) => {
      const conversationId = await authorize(request);
      const file = request.body;
      if (!Buffer.isBuffer(file) || file.length === 0) throw new PayloadError('Send the file itself as the body, with its Content-Type');
      const header = request.headers['x-file-name'];
      let fileName = 'upload';
      try {
        fileName = decodeURIComponent(typeof header === 'string' ? header : 'upload').replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 120) || 'upload';
      } catch {
        throw new PayloadError('x-file-name must be URI-encoded');
      }
      const messageId = request.headers['x-client-message-id'];
      const intake = acceptMedia(
        { platformType: 'upload', mimeType: request.headers['content-type'], sizeBytes: file.length, fileName, dataBase64: file.toString('base64') },
        { maxBytes },
      );
      return runTurn('message', conversationId, contentFromIntake(intake), { messageId: typeof messageId === 'string' ? messageId.slice(0, 128) : undefined });
    });
  });

  app.get<{ Params: { id: string }; Querystring: { token?: string; lang?: string } }>('/api/web/conversations/:id/transcript', async (request, reply) => {
    const conversationId = await authorize(request);
    const key = conversationKey('web', conversationId);
    const state = await ctx.core().getState(key);
    const language = isLanguage(request.query.lang) ? request.query.lang : (state?.language ?? 'en');
    const text = formatTranscript(await ctx.core().transcript(key), {
      translate: ctx.translator.forLanguage(language),
      timeZone: state?.user.timeZone ?? 'UTC',
      language,
    });
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="lockcare-chat-${conversationId.slice(0, 8)}.txt"`)
      .send(text);
  });
}
