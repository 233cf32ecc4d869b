import { ImapFlow } from 'imapflow';
import { isPermanentSendFailure } from '../../core/send-retry.js';
import { conversationKey, type ChannelAdapter } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import { receive, type InboundPath } from '../shared/receive.js';
import { startAgentNotices } from './email-agent-notices.js';
import { decodeEmail } from './email-decode.js';
import { EMAIL_CAPABILITIES, EmailSender, pinnedMailOf } from './email-send.js';
import { EmailThreads } from './email-threads.js';

export { EMAIL_CAPABILITIES } from './email-send.js';

/** The e-mail channel setup; `check()` reads the mailbox now, `idle()` waits for the mail being handled (tests, diagnostics). */
export type EmailChannelSetup = ChannelSetup & { check(): Promise<void>; idle(): Promise<void>; sender: EmailSender };

/** The connection settings from `EMAIL_IMAP_URL` (imap://host:143 or imaps://host:993). */
function imapOptions(ctx: SetupContext, logger: Logger) {
  const { email } = ctx.config;
  if (!email.imapUrl || !email.imapUser || !(email.imapPassword || email.imapToken)) {
    throw new LockCareError('E_CONFIG', 'The e-mail channel needs EMAIL_IMAP_URL, EMAIL_IMAP_USER and EMAIL_IMAP_PASSWORD (or EMAIL_IMAP_TOKEN)');
  }
  const url = new URL(email.imapUrl);
  const secure = url.protocol === 'imaps:';
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 993 : 143)),
    secure,
    auth: email.imapToken ? { user: email.imapUser, accessToken: email.imapToken } : { user: email.imapUser, pass: email.imapPassword! },
    logger: false as const,
    disableAutoIdle: !email.idle,
    // Go back to IDLE soon after each check (imapflow waits 15 s by default), so new mail is pushed at once.
    autoIdleDelay: 250,
    // A dead connection must end in 'close' (and a reconnect), not hang.
    socketTimeout: 5 * 60_000,
  };
}

/**
 * E-mail over IMAP (in) and SMTP (out). New mail is noticed with IMAP IDLE (the server's EXISTS
 * push) and, as a fallback and safety net, by polling every `EMAIL_POLL_MS`. Each unseen mail is
 * decoded (`email-decode.ts`), run through the shared inbound path, answered as one mail in its
 * thread (`email-send.ts`), and only then marked `\Seen`: a crash in between re-reads it, and the
 * core drops the repeat by its Message-ID. Mail that was in the mailbox before LockCare first
 * connected to it is not answered (the vendor's old mail belongs to people).
 */
export async function createEmailChannel(ctx: SetupContext): Promise<EmailChannelSetup> {
  const { email, conversation, outbound } = ctx.config;
  const logger = ctx.logger.child({ channel: 'email' });
  const connection = imapOptions(ctx, logger);
  if (!email.smtpUrl || !email.from) throw new LockCareError('E_CONFIG', 'The e-mail channel needs EMAIL_SMTP_URL and EMAIL_FROM');
  const threads = new EmailThreads(ctx.store, conversation.ttlMs, async (ticketId) => {
    const ticket = await ctx.core().services.tickets?.get(ticketId);
    return ticket?.channel === 'email' ? ticket.conversationId : undefined;
  });
  const sender = new EmailSender({
    smtpUrl: email.smtpUrl,
    from: email.from,
    logger,
    ticketOf: async (key) => (await ctx.core().getState(key))?.ticketId,
    remember: (messageId, conversationId) => threads.remember(messageId, conversationId),
  });
  const inbound: InboundPath = { channel: 'email', core: ctx.core, clock: ctx.clock, logger };

  /** A mail the mail server refused for good (5xx): logged, and shown on the conversation's ticket. */
  async function reportRefusedSend(conversationId: string, error: LockCareError): Promise<void> {
    logger.error({ err: error, code: 'E_CHANNEL_SEND' }, 'e-mail refused by the mail server');
    const ticketId = (await ctx.core().getState(conversationKey('email', conversationId)))?.ticketId;
    if (ticketId) await ctx.core().services.tickets?.addSystemNote(ticketId, `E-mail to the customer could not be sent: ${error.message}`);
  }
  /**
   * Every mail to a customer goes through here: a turn's reply, an agent's reply, a queued retry.
   * A temporary failure throws a `RetryableSendError` and the caller (the shared inbound path,
   * `core.deliver`, the retry queue) queues or keeps it; a permanent one is noted on the ticket
   * the first time (a retry's permanent failure is noted when the queue gives it up).
   */
  const adapter: ChannelAdapter = {
    name: 'email',
    capabilities: EMAIL_CAPABILITIES,
    async send(target, messages) {
      const reference = target.reference ?? (await ctx.core().getState(conversationKey('email', target.conversationId)))?.reference;
      if (!reference) throw new LockCareError('E_CHANNEL_SEND', 'No e-mail thread stored for this conversation', { details: { channel: 'email', reason: 'no-reference' } });
      try {
        await sender.send(target, messages, reference);
      } catch (error) {
        if (isPermanentSendFailure(error) && !pinnedMailOf(reference)) await reportRefusedSend(target.conversationId, error as LockCareError).catch(() => undefined);
        throw error;
      }
    },
  };

  let client: ImapFlow | undefined;
  let stopped = true;
  let pollTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopNotices: (() => Promise<void>) | undefined;
  /** The first UID this LockCare answers in the mailbox: mail already there when it first connected is left to people. */
  let uidFloor = 1;

  /** Handle one mail: decode, the shared inbound path, the reply; true when it may be marked \Seen. */
  async function handleMail(source: Buffer, uid: number): Promise<boolean> {
    const decoded = await decodeEmail(source, {
      ourAddress: email.from,
      mediaMaxBytes: outbound.mediaMaxBytes,
      maxLength: conversation.maxMessageLength,
      receivedAt: ctx.clock.now(),
      conversationOf: (hints) => threads.conversationOf(hints),
    });
    // A reply SMTP cannot take now is queued by `receive` (the shared send-retry queue) under the
    // mail's id; the turn is saved, so the mail may be marked \Seen either way.
    await receive(inbound, decoded, (replies, message) =>
      adapter.send({ channel: 'email', conversationId: message.conversationId, ...(message.reference ? { reference: message.reference } : {}) }, replies),
    );
    return true;
  }

  /** Read every unseen mail once; concurrent calls fold into one more pass. */
  async function checkMailbox(): Promise<void> {
    const imap = client;
    if (!imap?.usable) return;
    const lock = await imap.getMailboxLock(email.mailbox);
    try {
      // NOOP first: the server syncs the session's view (mail and flags other clients changed).
      await imap.noop();
      const unseen = ((await imap.search({ seen: false, uid: `${uidFloor}:*` }, { uid: true })) || []).filter((uid) => uid >= uidFloor);
      for (const uid of unseen) {
        if (stopped) return;
        const message = await imap.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
        if (!message || !message.source) continue;
        let done = false;
        try {
          done = await handleMail(message.source, uid);
        } catch (error) {
          logger.error({ err: error, uid }, 'e-mail could not be handled; it stays unseen');
        }
        if (done) await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
  }

  function check(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await checkMailbox().catch((error: unknown) => logger.warn({ err: error }, 'mailbox check failed'));
      } while (again && !stopped);
    })().finally(() => (running = undefined));
    return running;
  }

  async function connect(): Promise<void> {
    const imap = new ImapFlow(connection);
    imap.on('error', (error: Error) => logger.warn({ err: error }, 'IMAP error'));
    imap.on('exists', () => void check());
    imap.on('close', () => {
      if (stopped || client !== imap) return;
      logger.warn('IMAP connection closed; reconnecting');
      client = undefined;
      setTimeout(() => void connect().catch((error: unknown) => logger.error({ err: error, code: 'E_CHANNEL_START' }, 'IMAP reconnect failed')), 2000).unref();
    });
    await imap.connect();
    const mailbox = await imap.mailboxOpen(email.mailbox);
    // Remembered per mailbox generation (UIDVALIDITY), so a restart still reads what arrived while it was down.
    const floorKey = `email:uid-floor:${email.imapUser}:${email.mailbox}:${mailbox.uidValidity}`;
    await ctx.store.setIfAbsent(floorKey, String(mailbox.uidNext));
    uidFloor = Number(await ctx.store.get(floorKey)) || 1;
    client = imap;
    await check();
  }

  return {
    adapter,
    sender,
    check,
    idle: async () => {
      while (running) await running;
    },
    async start() {
      stopped = false;
      try {
        await connect();
      } catch (error) {
        stopped = true;
        throw new LockCareError('E_CHANNEL_START', `IMAP ${email.imapUrl} could not be reached: ${(error as Error).message}`, { cause: error });
      }
      pollTimer = setInterval(() => void check(), email.pollMs);
      pollTimer.unref();
      stopNotices = await startAgentNotices(ctx, sender, logger);
    },
    async stop() {
      stopped = true;
      if (pollTimer) clearInterval(pollTimer);
      await stopNotices?.();
      await running;
      const imap = client;
      client = undefined;
      await imap?.logout().catch(() => imap.close());
      sender.close();
    },
  };
}
