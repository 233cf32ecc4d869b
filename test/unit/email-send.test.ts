import { describe, expect, it } from 'vitest';
import { EmailSender, pinnedMailOf, sendFailure, type ComposedEmail } from '../../src/channels/email/email-send.js';
import { isPermanentSendFailure, retryTargetOf } from '../../src/core/send-retry.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { RetryableSendError } from '../../src/errors.js';
import { freePort } from '../../src/bench/redis-process.js';
import { createSilentLogger } from '../../src/logger.js';

const reference = { address: 'lee@harbour.test', subject: 'Card problem', messageId: '<m1@harbour.test>', references: ['<m1@harbour.test>'] };
const mail: ComposedEmail = { to: 'lee@harbour.test', subject: 'Re: [LC-000042] Card problem', text: 'Hello', html: '<p>Hello</p>', inReplyTo: '<m1@harbour.test>', messageId: '<x@hotel-locks.test>' };
const smtpError = (responseCode: number) => Object.assign(new Error(`${responseCode} refused`), { responseCode });

describe('SMTP failures: temporary ones are retried as the same mail, permanent ones never', () => {
  it('a 4xx or a lost connection pins the composed mail for the retry queue; a 5xx is permanent', () => {
    for (const error of [smtpError(451), Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }), Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' })]) {
      const failure = sendFailure(error, mail, reference);
      expect(failure).toBeInstanceOf(RetryableSendError);
      expect(isPermanentSendFailure(failure)).toBe(false);
      const target = retryTargetOf({ channel: 'email', conversationId: 'c1' }, failure);
      expect(pinnedMailOf(target.reference)).toEqual(mail);
      expect(target.reference).toMatchObject(reference);
      // The pinned mail (the customer's words) stays out of what the error serializer logs.
      expect(JSON.stringify({ ...failure })).not.toContain('Hello');
    }
    const refused = sendFailure(smtpError(550), mail, reference);
    expect(refused).not.toBeInstanceOf(RetryableSendError);
    expect(isPermanentSendFailure(refused)).toBe(true);
    expect(retryTargetOf({ channel: 'email', conversationId: 'c1' }, refused).reference).toBeUndefined();
  });

  it('a server that refuses the connection: one attempt, and the error carries the mail to send again unchanged', async () => {
    const port = await freePort();
    const remembered: string[] = [];
    const sender = new EmailSender({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'support@hotel-locks.test',
      logger: createSilentLogger(),
      ticketOf: async () => 'LC-000042',
      remember: async (messageId) => void remembered.push(messageId),
    });
    const message: OutboundMessage = { reply: { type: 'text', text: 'Please change the batteries.' }, language: 'en', dir: 'ltr', author: { kind: 'agent', name: 'lucia' } };
    const error = await sender.send({ channel: 'email', conversationId: 'c1' }, [message], reference).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(RetryableSendError);
    const pinned = pinnedMailOf((error as RetryableSendError).retryReference as never)!;
    expect(pinned).toMatchObject({ to: 'lee@harbour.test', subject: 'Re: [LC-000042] Card problem', inReplyTo: '<m1@harbour.test>', references: ['<m1@harbour.test>'] });
    expect(remembered).toEqual([pinned.messageId]);
    // The retry sends the pinned mail, not a newly composed one (no new Message-ID is remembered).
    const again = await sender.send({ channel: 'email', conversationId: 'c1' }, [message], (error as RetryableSendError).retryReference as never).catch((failure: unknown) => failure);
    expect(pinnedMailOf((again as RetryableSendError).retryReference as never)).toEqual(pinned);
    expect(remembered).toHaveLength(1);
    sender.close();
  });
});
