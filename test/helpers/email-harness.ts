import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { EmailChannelSetup } from '../../src/channels/email/email-channel.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import type { LockCareOverrides } from '../../src/app.js';
import { createTestApp } from './app-harness.js';
import { startTestDovecot, type TestDovecot, type TestDovecotOptions } from './dovecot-server.js';
import { startSmtpRecorder, type SmtpRecorder } from './smtp-recorder.js';

export const SUPPORT_ADDRESS = 'support@hotel-locks.test';
export const AGENT_PASSWORD = 'lucia-password-1';

/** A file attached to a test mail. */
export interface MailFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** A mail as a customer's client writes it (RFC 5322, CRLF). */
export function rawMail(options: {
  from: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachment?: MailFile;
  /** Several files (after `attachment`, when both are given). */
  attachments?: MailFile[];
}): { raw: string; messageId: string } {
  const messageId = options.messageId ?? `<${randomUUID()}@guest-mail.test>`;
  const head = [
    `From: ${options.from}`,
    `To: ${SUPPORT_ADDRESS}`,
    `Subject: ${options.subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`] : []),
    ...(options.references ? [`References: ${options.references.join(' ')}`] : []),
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  const textPart = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(options.text).toString('base64')];
  const files = [...(options.attachment ? [options.attachment] : []), ...(options.attachments ?? [])];
  if (files.length === 0) return { raw: [...head, ...textPart, ''].join('\r\n'), messageId };
  const boundary = `b-${randomUUID()}`;
  const body = [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart,
    ...files.flatMap((file) => [
      `--${boundary}`,
      `Content-Type: ${file.mimeType}; name="${file.fileName}"`,
      `Content-Disposition: attachment; filename="${file.fileName}"`,
      'Content-Transfer-Encoding: base64',
      '',
      file.bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
    ]),
    `--${boundary}--`,
    '',
  ];
  return { raw: [...head, ...body].join('\r\n'), messageId };
}

/**
 * The whole app with CHANNELS=web,email against a real Dovecot (IMAP) and a real SMTP server
 * that records what LockCare sends; `deliver` puts a mail into the support mailbox by IMAP APPEND
 * through a second connection, as a mail server would.
 */
export async function startEmailHarness(env: Record<string, string> = {}, options: { mailBeforeStart?: string[]; overrides?: LockCareOverrides; dovecot?: TestDovecotOptions } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-email-'));
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(dir, { recursive: true, force: true })];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dovecot: TestDovecot = await startTestDovecot(options.dovecot);
    stops.push(() => dovecot.stop());
    const smtp: SmtpRecorder = await startSmtpRecorder();
    stops.push(() => smtp.stop());
    writeAgentsFile(join(dir, 'agents.json'), [{ username: 'lucia', role: 'agent', passwordHash: await hashPassword(AGENT_PASSWORD) }]);
    const appEnv = {
      CHANNELS: 'web,email',
      EMAIL_IMAP_URL: dovecot.url,
      EMAIL_IMAP_USER: dovecot.user,
      EMAIL_IMAP_PASSWORD: dovecot.password,
      EMAIL_SMTP_URL: smtp.url,
      EMAIL_FROM: SUPPORT_ADDRESS,
      AGENTS_FILE: join(dir, 'agents.json'),
      OUTBOUND_MIN_INTERVAL_MS: '0',
      ...env,
    };
    const harness = await createTestApp(appEnv, options.overrides);
    stops.push(() => harness.close());
    const mailbox = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await mailbox.connect();
    stops.push(() => mailbox.logout());
    for (const raw of options.mailBeforeStart ?? []) await mailbox.append('INBOX', raw);
    await harness.lockcare.start();
    const channel = harness.lockcare.channels.get('email') as EmailChannelSetup;
    return {
      ...harness,
      dovecot,
      smtp,
      mailbox,
      channel,
      /**
       * Another LockCare process on the same mailbox, SMTP server and configuration (pass the
       * shared store; `env` changes a variable): a restart after `close`-ing the first app, or a second instance beside it.
       */
      /** Stop the first LockCare process only (the mail servers stay): a crash or a restart. */
      closeApp: () => harness.close(),
      async startProcess(overrides: LockCareOverrides, env: Record<string, string> = {}) {
        const other = await createTestApp({ ...appEnv, ...env }, overrides);
        stops.push(() => other.close());
        await other.lockcare.start();
        return { ...other, channel: other.lockcare.channels.get('email') as EmailChannelSetup };
      },
      /** Put a mail into the support INBOX (IMAP APPEND); returns its UID. */
      async deliver(raw: string): Promise<number> {
        const result = await mailbox.append('INBOX', raw);
        if (!result || !result.uid) throw new Error('APPEND returned no UID');
        return result.uid;
      },
      /** The flags of a mail in the INBOX. */
      async flagsOf(uid: number): Promise<Set<string>> {
        const lock = await mailbox.getMailboxLock('INBOX');
        try {
          const message = await mailbox.fetchOne(String(uid), { flags: true }, { uid: true });
          return message ? (message.flags ?? new Set()) : new Set();
        } finally {
          lock.release();
        }
      },
      async markUnseen(uid: number): Promise<void> {
        const lock = await mailbox.getMailboxLock('INBOX');
        try {
          await mailbox.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
        } finally {
          lock.release();
        }
      },
      /** Sign the agent in; returns a POST helper with the session cookie. */
      async agent() {
        const signIn = await harness.app.inject({ method: 'POST', url: '/api/agent/session', remoteAddress: '10.9.3.1', payload: { username: 'lucia', password: AGENT_PASSWORD } });
        if (signIn.statusCode !== 200) throw new Error(`agent sign-in failed: ${signIn.statusCode}`);
        const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
        return (url: string, payload: unknown = {}) =>
          harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      },
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export type EmailHarness = Awaited<ReturnType<typeof startEmailHarness>>;
