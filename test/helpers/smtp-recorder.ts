import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../src/bench/redis-process.js';

/** One message the test SMTP server accepted: the envelope, the raw bytes and the parsed mail. */
export interface RecordedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that records what LockCare sends. Plain SMTP, no
 * auth, no TLS. `failNext(n, code)` makes the next n messages fail (4xx temporary or 5xx permanent),
 * to test retries and permanent failures.
 */
export interface SmtpRecorder {
  url: string;
  mails: RecordedMail[];
  /** Messages answered with a failure by `failNext` (with the SMTP code they got), in order. */
  refused: Array<RecordedMail & { code: number }>;
  /** Resolve once `count` mails have arrived (or reject after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedMail[]>;
  /** Fail the next `count` messages (to `recipient` only, when given) with this SMTP code. */
  failNext(count: number, code: number, recipient?: string): void;
  stop(): Promise<void>;
}

export async function startSmtpRecorder(): Promise<SmtpRecorder> {
  const mails: RecordedMail[] = [];
  const refused: SmtpRecorder['refused'] = [];
  const waiters: Array<() => void> = [];
  let failures: { count: number; code: number; recipient?: string } = { count: 0, code: 451 };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const targeted = !failures.recipient || session.envelope.rcptTo.some((rcpt) => rcpt.address === failures.recipient);
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) };
        if (failures.count > 0 && targeted) {
          failures.count -= 1;
          const code = failures.code;
          simpleParser(raw)
            .then((parsed) => {
              refused.push({ ...envelope, raw, parsed, code });
              callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
            })
            .catch((error: Error) => callback(error));
          return;
        }
        simpleParser(raw)
          .then((parsed) => {
            mails.push({ ...envelope, raw, parsed });
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refused,
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} mails, got ${mails.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return mails.slice(0, count);
    },
    failNext(count, code, recipient) {
      failures = { count, code, ...(recipient ? { recipient } : {}) };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
