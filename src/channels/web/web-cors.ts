import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LockCareError } from '../../errors.js';

/**
 * Cross-origin access to the web chat API, for the widget embedded on a vendor's site.
 * A request from another origin is answered with CORS headers only when that origin is in
 * WEB_CHAT_ALLOWED_ORIGINS (or the list is `*`); a browser then refuses the others' reads, and
 * requests that change something (POST) from an origin not listed are refused outright.
 * Pages LockCare serves itself (same host) always work. No cookies are used: the API's bearer
 * token travels in the Authorization header, so credentials are never allowed.
 * See https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS
 */
const API_PREFIX = '/api/web/';
const ALLOWED_HEADERS = 'authorization, content-type, x-file-name, x-client-message-id';

export type OriginVerdict = 'none' | 'same' | 'allowed' | 'denied';

export function judgeOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[], publicUrl?: string): OriginVerdict {
  if (!origin) return 'none';
  if (!URL.canParse(origin)) return 'denied';
  const parsed = new URL(origin);
  if (host && parsed.host === host) return 'same';
  if (publicUrl && new URL(publicUrl).origin === parsed.origin) return 'same';
  if (allowed.includes('*') || allowed.includes(parsed.origin)) return 'allowed';
  return 'denied';
}

export function registerWebCors(app: FastifyInstance, allowed: readonly string[], publicUrl?: string): void {
  const verdictOf = (request: FastifyRequest) => judgeOrigin(request.headers.origin, request.headers.host, allowed, publicUrl);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(API_PREFIX)) return;
    const verdict = verdictOf(request);
    if (verdict === 'denied' && request.method !== 'GET' && request.method !== 'OPTIONS') {
      throw new LockCareError('E_FORBIDDEN', 'This site is not allowed to use the web chat (WEB_CHAT_ALLOWED_ORIGINS)');
    }
    if (verdict !== 'allowed') return;
    // Set on the raw response so the event stream, which is written directly, carries them too.
    reply.raw.setHeader('access-control-allow-origin', request.headers.origin!);
    reply.raw.setHeader('vary', 'Origin');
    reply.raw.setHeader('access-control-expose-headers', 'retry-after');
  });

  app.options(`${API_PREFIX}*`, async (request, reply) => {
    if (verdictOf(request) !== 'allowed') return reply.status(403).send({ error: { code: 'E_FORBIDDEN', message: 'Origin not allowed' } });
    return reply
      .status(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '600')
      .send();
  });
}
