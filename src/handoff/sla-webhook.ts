import { createHmac } from 'node:crypto';
import type { Logger } from '../logger.js';

/**
 * SLA notices to an external system (pager, chat ops): JSON POSTed to SLA_WEBHOOK_URL with
 * `X-LockCare-Signature: sha256=<hex HMAC-SHA256 of the raw body with SLA_WEBHOOK_SECRET>`.
 * A failed delivery is retried with backoff; it never throws.
 */
export interface WebhookOptions {
  url: string;
  secret?: string;
  logger: Logger;
  /** Attempts in all (default 4). */
  attempts?: number;
  /** First backoff in ms, doubled each retry (default 500). */
  backoffMs?: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export const SIGNATURE_HEADER = 'x-lockcare-signature';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export type WebhookSender = (payload: unknown) => Promise<boolean>;

export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetchImpl ?? fetch;
  return async (payload) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'LockCare-SLA/1' };
    if (options.secret) headers[SIGNATURE_HEADER] = signBody(body, options.secret);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await doFetch(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return true;
        // 4xx other than 408/429 will not get better by retrying.
        if (response.status < 500 && response.status !== 408 && response.status !== 429) {
          options.logger.error({ status: response.status }, 'SLA webhook refused the notice');
          return false;
        }
        options.logger.warn({ status: response.status, attempt }, 'SLA webhook failed; retrying');
      } catch (error) {
        options.logger.warn({ err: error, attempt }, 'SLA webhook unreachable; retrying');
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
    options.logger.error({ attempts }, 'SLA webhook gave up');
    return false;
  };
}
