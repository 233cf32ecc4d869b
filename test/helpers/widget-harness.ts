import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * A vendor's website on its own origin (another port of 127.0.0.1) that embeds the widget the
 * way the README says: one script tag, and a Content-Security-Policy that names the LockCare
 * server. Its stylesheet is hostile on purpose (it restyles every button and list), to show the
 * Shadow DOM keeps the widget intact.
 */
export interface HostSite {
  origin: string;
  /** Set once the LockCare server listens. */
  lockcareUrl: string;
  close(): Promise<void>;
}

const HOSTILE_CSS = `* { font-family: "Comic Sans MS", cursive !important; }
button { background: #ff00ff !important; font-size: 30px !important; padding: 40px !important; }
ol, li { list-style: upper-roman !important; margin: 50px !important; }
body { margin: 0; font: 18px/1.5 Georgia, serif; color: #222; background: #fdfaf3; }
main { padding: 24px; max-width: 760px; }`;

export async function startHostSite(): Promise<HostSite> {
  const site: HostSite = { origin: '', lockcareUrl: '', close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    if (url.pathname === '/site.css') {
      response.writeHead(200, { 'content-type': 'text/css' }).end(HOSTILE_CSS);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const lang = url.searchParams.get('lang') ?? 'auto';
    const lc = site.lockcareUrl;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src 'self' ${lc}; style-src 'self' ${lc}; connect-src ${lc}; img-src 'self' data: blob: ${lc}`,
    });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hotel Locks Example</title><link rel="stylesheet" href="/site.css"></head>
<body><main><h1>Hotel Locks Example</h1><p>Smart locks for hotels. Need help? Use the chat button.</p>
<ol><li>Card readers</li><li>Energy savers</li></ol></main>
<script src="${lc}/widget.js" data-lang="${lang}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return site;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Run axe-core in the page (open Shadow DOMs included); serious and critical violations, as readable lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => JSON.stringify(node.target)) }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} at ${violation.targets.join(', ')}`);
}
