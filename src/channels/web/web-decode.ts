import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PayloadError } from '../../errors.js';
import type { DecodeResult } from '../shared/decode-result.js';

/** The body of `POST /api/web/conversations/:id/messages`: typed text, or a tapped choice's value. */
function messageBodySchema(maxLength: number) {
  return z.union([
    z.object({
      text: z.string().trim().min(1, 'text must not be empty').max(maxLength, `text must be at most ${maxLength} characters`),
      clientMessageId: z.string().min(1).max(128).optional(),
      locale: z.string().max(35).optional(),
      timeZone: z.string().max(64).optional(),
    }).strict(),
    z.object({
      value: z.string().min(1).max(200),
      text: z.string().max(maxLength).optional(),
      /** The `step` of the message the choice came with: an answer to an earlier question is ignored. */
      step: z.string().min(1).max(64).optional(),
      clientMessageId: z.string().min(1).max(128).optional(),
      locale: z.string().max(35).optional(),
      timeZone: z.string().max(64).optional(),
    }).strict(),
  ]);
}

export interface WebDecodeOptions {
  /** `MAX_MESSAGE_LENGTH`. */
  maxLength: number;
  now: Date;
}

/**
 * Decode a web chat message body for an authorized conversation. The customer is waiting for
 * the HTTP answer, so a bad body is not ignored but rejected: throws `PayloadError` (400) naming
 * the bad field.
 */
export function decodeWebMessage(body: unknown, conversationId: string, options: WebDecodeOptions): DecodeResult {
  if (body === undefined || body === null || typeof body !== 'object') throw new PayloadError('Body must be a JSON object with "text" or "value"');
  const parsed = messageBodySchema(options.maxLength).safeParse(body);
  if (!parsed.success) throw new PayloadError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  const data = parsed.data;
  return {
    kind: 'message',
    message: {
      channel: 'web',
      conversationId,
      user: { id: conversationId },
      platformMessageId: data.clientMessageId ?? randomUUID(),
      content: 'value' in data ? { type: 'choice', value: data.value, text: data.text, ...(data.step ? { prompt: data.step } : {}) } : { type: 'text', text: data.text },
      localeHint: data.locale,
      timeZone: data.timeZone,
      receivedAt: options.now,
    },
  };
}
