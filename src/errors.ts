/**
 * One catalogue of LockCare errors with stable codes. Codes are part of the public API:
 * HTTP error bodies carry them (`{"error":{"code","message"}}`) and operators grep logs for them.
 */
export const ERROR_CODES = {
  E_CONFIG: 'Invalid configuration',
  E_PAYLOAD: 'Malformed or invalid payload',
  E_UNAUTHORIZED: 'Missing or invalid credentials',
  E_FORBIDDEN: 'Not allowed',
  E_NOT_FOUND: 'Not found',
  E_CONFLICT: 'Conflict with the current state',
  E_RATE_LIMITED: 'Too many attempts',
  E_STORE: 'Storage unavailable',
  E_CHANNEL_SEND: 'Could not deliver a message on a channel',
  E_CHANNEL_START: 'A channel failed to start',
  E_TURN: 'A conversation turn failed',
  E_CONTENT: 'Invalid content file',
  E_USAGE: 'Invalid command usage',
  E_TRANSLATION: 'Translation failed or timed out',
  E_SUMMARY: 'The ticket summary could not be written',
  E_INTERNAL: 'Internal error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  E_PAYLOAD: 400,
  E_USAGE: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_RATE_LIMITED: 429,
  E_STORE: 503,
  E_TRANSLATION: 502,
  E_SUMMARY: 502,
};

export class LockCareError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message ?? ERROR_CODES[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LockCareError';
    this.code = code;
    this.details = options?.details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code] ?? 500;
  }

  /** `fallback` (e.g. `email`) tells the console another way to reach the customer when a send was refused. */
  toJSON(): { error: { code: ErrorCode; message: string; fallback?: string } } {
    const fallback = typeof this.details?.fallback === 'string' ? this.details.fallback : undefined;
    return { error: { code: this.code, message: this.message, ...(fallback ? { fallback } : {}) } };
  }
}

export class ConfigError extends LockCareError {
  constructor(message: string) {
    super('E_CONFIG', message);
    this.name = 'ConfigError';
  }
}

export class PayloadError extends LockCareError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_PAYLOAD', message, { details });
    this.name = 'PayloadError';
  }
}

/** Wraps whatever failed inside a turn, with the conversation it belongs to. */
export class TurnError extends LockCareError {
  constructor(readonly conversationKey: string, cause: unknown) {
    super('E_TURN', `Turn failed for conversation ${conversationKey}`, { cause });
    this.name = 'TurnError';
  }
}

export class ChannelSendError extends LockCareError {
  constructor(channel: string, cause: unknown) {
    super('E_CHANNEL_SEND', `Could not send on channel ${channel}`, { cause });
    this.name = 'ChannelSendError';
  }
}

/**
 * A send that failed for now and must be repeated exactly as it was (e-mail: the same mail, with
 * its Message-ID and threading): `retryReference` is the reference the retry sends with. It is a
 * private field, so the message it holds never reaches a log through the error serializer.
 */
export class RetryableSendError extends LockCareError {
  readonly #retryReference: Record<string, unknown>;

  constructor(channel: string, message: string, retryReference: Record<string, unknown>, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('E_CHANNEL_SEND', message, { ...options, details: { channel, ...options.details } });
    this.name = 'RetryableSendError';
    this.#retryReference = retryReference;
  }

  get retryReference(): Record<string, unknown> {
    return this.#retryReference;
  }
}
