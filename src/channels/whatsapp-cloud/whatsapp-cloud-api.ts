import { ChannelSendError, LockCareError } from '../../errors.js';
import type { WhatsappCloudConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { DownloadedMedia } from './whatsapp-cloud-decode.js';

/**
 * The Graph API calls LockCare makes, plain HTTPS + JSON with `fetch`: send a message, look up and
 * download a customer's media. Error codes as documented by Meta:
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */

/** Throughput and pair rate limits: wait and try again. */
export const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);
/** More than 24 hours since the customer wrote: only a template may be sent. */
export const REENGAGEMENT_CODE = 131047;
/** The recipient cannot be reached on WhatsApp (not a WhatsApp number, or not allowed while testing). */
export const UNREACHABLE_CODES = new Set([131026, 131030, 131021]);

/** An error body from the Graph API. */
export class CloudApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CloudApiError';
  }
}

export interface CloudApiOptions {
  config: WhatsappCloudConfig;
  logger: Logger;
  /** Tests shorten it through config; injectable so no test sleeps on the wall clock. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class CloudApi {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;

  constructor(private readonly options: CloudApiOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.maxAttempts = options.maxAttempts ?? 4;
  }

  private get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.config.accessToken ?? ''}` };
  }

  /**
   * POST /{phone-number-id}/messages; returns the message id (`wamid.…`). Rate limits are retried
   * with exponential backoff; every other API error is thrown as `CloudApiError` for the caller to map.
   */
  async sendMessage(payload: Record<string, unknown>): Promise<string> {
    const { apiUrl, phoneNumberId, retryBaseMs } = this.options.config;
    const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...payload });
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await this.request(`${apiUrl}/${phoneNumberId}/messages`, { method: 'POST', headers: { ...this.headers, 'content-type': 'application/json' }, body });
        const parsed = (await response.json()) as { messages?: Array<{ id?: string }> };
        return parsed.messages?.[0]?.id ?? '';
      } catch (error) {
        if (!(error instanceof CloudApiError) || !RATE_LIMIT_CODES.has(error.code) || attempt >= this.maxAttempts) throw error;
        const wait = retryBaseMs * 2 ** (attempt - 1);
        this.options.logger.warn({ code: error.code, attempt, waitMs: wait }, 'WhatsApp Cloud API rate limit; retrying');
        await this.sleep(wait);
      }
    }
  }

  /**
   * GET /{media-id} for the short-lived URL, then the bytes with the token. Returns null when the
   * announced or actual size exceeds `maxBytes` (never kept in memory beyond the limit).
   */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<DownloadedMedia | { tooLarge: number }> {
    const { apiUrl } = this.options.config;
    const info = (await (await this.request(`${apiUrl}/${encodeURIComponent(mediaId)}`, { headers: this.headers })).json()) as { url?: string; mime_type?: string; file_size?: number };
    if (!info.url) throw new CloudApiError(502, 0, 'media lookup returned no url');
    if (typeof info.file_size === 'number' && info.file_size > maxBytes) return { tooLarge: info.file_size };
    const response = await this.request(info.url, { headers: this.headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > maxBytes) return { tooLarge: bytes.length };
    return { ...(info.mime_type ? { mimeType: info.mime_type } : {}), dataBase64: bytes.toString('base64'), sizeBytes: bytes.length };
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new ChannelSendError('whatsapp-cloud', error);
    }
    if (response.ok) return response;
    const text = await response.text();
    let code = 0;
    let message = `HTTP ${response.status}`;
    try {
      const parsed = JSON.parse(text) as { error?: { code?: number; message?: string; error_data?: { details?: string } } };
      code = parsed.error?.code ?? 0;
      message = [parsed.error?.message, parsed.error?.error_data?.details].filter(Boolean).join(': ') || message;
    } catch {
      // Not JSON: keep the status.
    }
    throw new CloudApiError(response.status, code, message);
  }
}

/** What the agent is told when the API refused a message for good. */
export function sendFailure(error: unknown): LockCareError {
  if (error instanceof LockCareError) return error;
  if (error instanceof CloudApiError) {
    if (UNREACHABLE_CODES.has(error.code)) {
      return new LockCareError('E_CHANNEL_SEND', `Not sent: WhatsApp cannot deliver to this number (error ${error.code}: ${error.message}).`, {
        cause: error,
        details: { channel: 'whatsapp-cloud', reason: 'invalid-number', apiCode: error.code },
      });
    }
    if (RATE_LIMIT_CODES.has(error.code)) {
      return new LockCareError('E_CHANNEL_SEND', `Not sent: WhatsApp rate limit (error ${error.code}) still reached after retrying; try again in a few minutes.`, {
        cause: error,
        details: { channel: 'whatsapp-cloud', reason: 'rate-limited', apiCode: error.code },
      });
    }
  }
  return new ChannelSendError('whatsapp-cloud', error);
}
