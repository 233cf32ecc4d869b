import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request check for state-changing requests (OWASP CSRF cheat sheet, "verifying
 * origin with standard headers"), on top of SameSite=Strict cookies and the JSON content-type:
 *
 * - `Sec-Fetch-Site` (every current browser sends it): only `same-origin` or `none` pass;
 * - else `Origin`: it must be this server's origin (PUBLIC_URL's, or the request's own host);
 * - neither header: not a browser (curl, scripts), which cannot carry a victim's cookie: passes.
 *
 * Returns the reason for refusing, or undefined when the request may go ahead.
 */
export function crossSiteReason(request: FastifyRequest, publicUrl?: string): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const fetchSite = headerValue(request.headers['sec-fetch-site']);
  if (fetchSite !== undefined) {
    return fetchSite === 'same-origin' || fetchSite === 'none' ? undefined : `Sec-Fetch-Site is ${fetchSite}`;
  }
  const origin = headerValue(request.headers.origin);
  if (origin === undefined) return undefined;
  if (origin === 'null') return 'Origin is null';
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return 'Origin is not a URL';
  }
  if (publicUrl && parsed.origin === new URL(publicUrl).origin) return undefined;
  return parsed.host === ownHost(request, parsed.protocol) ? undefined : `Origin ${parsed.origin} is not this server`;
}

/** The Host header as a URL host (default port dropped, lower case), in the Origin's scheme. */
function ownHost(request: FastifyRequest, protocol: string): string | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.trim().toLowerCase();
}
