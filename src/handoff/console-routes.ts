import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_LOCALES_DIR } from '../core/i18n.js';
import { AGENT_LANGUAGES } from './agents-file.js';

/**
 * The agent console at `/console`: plain HTML, CSS and JS modules (no build step), served by the
 * same process with a strict Content-Security-Policy. The page renders every value with
 * `textContent`, never as HTML.
 */
const PAGE_DIR = new URL('./console-page/', import.meta.url);

export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ASSETS: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console-render.js': 'text/javascript; charset=utf-8',
  'console-api.js': 'text/javascript; charset=utf-8',
  'console-strings.js': 'text/javascript; charset=utf-8',
  'console-compose.js': 'text/javascript; charset=utf-8',
  'console-alerts.js': 'text/javascript; charset=utf-8',
  'console-saved.js': 'text/javascript; charset=utf-8',
  'console-topics.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/**
 * The console's link to one ticket, `<PUBLIC_URL>/console#LC-000042`: agent notice mails carry it,
 * and the console opens that ticket from the fragment (`ticketIdFromHash` in console-render.js).
 */
export function consoleTicketUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/console#${encodeURIComponent(ticketId)}`;
}

/** The console's own words per agent language: `locales/<lng>/console.json` (en, es, ar, zh). */
export function loadConsoleStrings(dir = DEFAULT_LOCALES_DIR): Map<string, unknown> {
  return new Map(AGENT_LANGUAGES.map((language) => [language, JSON.parse(readFileSync(join(dir, language, 'console.json'), 'utf8')) as unknown]));
}

export function registerConsoleRoutes(app: FastifyInstance): void {
  const html = readFileSync(new URL('index.html', PAGE_DIR), 'utf8');
  const strings = loadConsoleStrings();
  const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(new URL(name, PAGE_DIR), 'utf8') }]));
  const secure = (reply: FastifyReply) =>
    reply
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', CONSOLE_CSP);

  app.get('/console', async (_request, reply) => secure(reply).type('text/html; charset=utf-8').send(html));
  app.get('/console/', async (_request, reply) => reply.redirect('/console'));
  app.get<{ Params: { language: string } }>('/console/strings/:language', async (request, reply) => {
    const words = strings.get(request.params.language);
    if (!words) return reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: 'No console strings for that language' } });
    return secure(reply).header('cache-control', 'no-cache').send(words);
  });
  app.get<{ Params: { asset: string } }>('/console/:asset', async (request, reply) => {
    const asset = assets.get(request.params.asset);
    if (!asset) return reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: 'No such console file' } });
    return secure(reply).type(asset.type).send(asset.body);
  });
}
