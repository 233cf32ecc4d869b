import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChannelAdapter, ChannelCapabilities, ConversationTarget, OutboundMessage, ReplyWindowStatus } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import { ChannelLease } from '../shared/channel-lease.js';
import type { ChannelFailureReporter, ReportsFailures } from '../shared/failure-reporting.js';
import { setPairingState, type ChannelPairingState } from '../shared/pairing.js';
import { receive, type InboundPath } from '../shared/receive.js';
import type { WhatsappClientFactory, WhatsappClientLike, WhatsappEventName, WhatsappListener, WhatsappMessageLike } from './whatsapp-client.js';
import { decodeWhatsappMessage } from './whatsapp-decode.js';
import { WhatsappSender } from './whatsapp-send.js';

/**
 * WhatsApp has retired buttons and lists for non-business accounts: choices go out as numbered
 * lists (the core maps "2", "dos", "٢" back). Free-form replies are allowed only within 24 hours
 * of the customer's last message (https://developers.facebook.com/docs/whatsapp/pricing#conversations).
 * Media we send goes out as text with its link.
 */
export const WHATSAPP_CAPABILITIES: ChannelCapabilities = { choices: false, media: false, maxTextLength: 4096, replyWindowHours: 24, proactive: true };

export const WHATSAPP_LEASE_KEY = 'lease:whatsapp';
/** A connection that stayed up this long resets the reconnect backoff. */
const STABLE_MS = 5 * 60_000;

export interface WhatsappChannelOptions {
  /** Default: the real whatsapp-web.js client on Chromium (`create-wweb-client.ts`). */
  createClient?: WhatsappClientFactory;
  /** This process's lease value; default host:pid:random. */
  holderId?: string;
  lease?: { ttlMs?: number; renewEveryMs?: number };
  reconnect?: { initialMs?: number; maxMs?: number };
  /** Give up on `initialize()` after this long (default 3 min); the supervisor retries. */
  initializeTimeoutMs?: number;
  /** Where the pairing QR goes besides the console (default: printed on stdout). */
  printQr?: (qr: string) => void;
}

type Status = 'stopped' | 'standby' | 'connecting' | 'connected' | 'reconnecting';

/**
 * The WhatsApp channel on whatsapp-web.js: one process (the lease holder) runs the client,
 * decodes messages into the core and sends paced replies; every process can accept an agent
 * reply (checked against first contact and the 24-hour window) and forwards it to the holder.
 */
export class WhatsappChannel implements ChannelAdapter, ReportsFailures {
  readonly name = 'whatsapp' as const;
  readonly capabilities = WHATSAPP_CAPABILITIES;
  /** Only the lease holder serves the WhatsApp outbox (see `WhatsappSender`). */
  readonly listensToOutboxItself = true;
  private status: Status = 'stopped';
  private client?: WhatsappClientLike;
  private listeners: Array<[WhatsappEventName, (...args: never[]) => void]> = [];
  private readonly outbound: WhatsappSender;
  private readonly inbound: InboundPath;
  private readonly lease: ChannelLease;
  private reportFailure?: ChannelFailureReporter;
  private reconnectAttempts = 0;

  /** The 24-hour window for the console: once closed a reply is refused (WhatsApp Web has no templates). */
  replyWindow(conversationId: string): Promise<ReplyWindowStatus> {
    return this.outbound.guard.replyWindow('whatsapp', conversationId, this.capabilities.replyWindowHours ?? 24);
  }
  private pendingDelayMs = 0;
  private readyAt?: number;
  /** Pending timers, with what to run if the channel stops first (wake a sleeping start). */
  private timers = new Map<NodeJS.Timeout, () => void>();
  private standbyTimer?: NodeJS.Timeout;
  private stopped = true;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: SetupContext,
    private readonly options: WhatsappChannelOptions & { createClient: WhatsappClientFactory },
  ) {
    this.lease = new ChannelLease({
      store: ctx.store,
      key: WHATSAPP_LEASE_KEY,
      holder: options.holderId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      ttlMs: options.lease?.ttlMs,
      renewEveryMs: options.lease?.renewEveryMs,
      logger: ctx.logger,
    });
    this.outbound = new WhatsappSender(ctx, this.capabilities, this.lease, () => (this.status === 'connected' ? this.client : undefined));
    this.inbound = { channel: 'whatsapp', core: ctx.core, clock: ctx.clock, logger: ctx.logger, guard: this.outbound.guard };
  }

  /** 'connected' once WhatsApp Web is ready; 'standby' while another process holds the lease. */
  get state(): Status {
    return this.status;
  }

  /** Resolves when every message received so far has been handled and answered. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  attachFailureReporter(report: ChannelFailureReporter): void {
    this.reportFailure = report;
  }

  /** Take the lease and start the client, or stand by while another process runs it. Throws when the client cannot start. */
  async start(): Promise<void> {
    if (this.stopped) this.outbound.restart();
    this.stopped = false;
    const delay = this.pendingDelayMs;
    this.pendingDelayMs = 0;
    if (delay > 0) await this.sleep(delay);
    if (this.stopped || this.client) return;
    if (!(await this.lease.tryAcquire())) return this.standBy();
    await this.connect();
  }

  async stop(): Promise<void> {
    const held = this.status !== 'stopped' && this.status !== 'standby';
    this.stopped = true;
    this.status = 'stopped';
    for (const [timer, cancel] of this.timers) {
      clearTimeout(timer);
      cancel();
    }
    this.timers.clear();
    this.clearStandby();
    // Let in-flight turns finish their replies, but do not hang shutdown on a stuck browser.
    await Promise.race([this.idle(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await this.outbound.stop();
    await this.dropClient();
    await this.lease.release();
    if (held) await this.writePairing({ status: 'disconnected', detail: 'stopped' });
  }

  /** Agent replies and notices: only to customers who wrote first, within 24 h; paced. */
  send(target: ConversationTarget, messages: OutboundMessage[]): Promise<void> {
    return this.outbound.send(target, messages);
  }

  private async connect(): Promise<void> {
    const { logger } = this.ctx;
    this.clearStandby();
    this.status = 'connecting';
    this.lease.startRenewing((reason) => void this.onLeaseLost(reason));
    await this.outbound.listen();
    await this.writePairing({ status: 'starting' });
    try {
      const client = await this.options.createClient({ config: this.ctx.config, store: this.ctx.store, logger });
      this.client = client;
      this.listen(client);
      await withTimeout(client.initialize(), this.options.initializeTimeoutMs ?? 180_000, 'WhatsApp Web did not load in time');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.dropClient();
      await this.outbound.stopListening();
      await this.lease.release();
      this.status = 'reconnecting';
      await this.writePairing({ status: 'failed', detail: message });
      throw error instanceof LockCareError ? error : new LockCareError('E_CHANNEL_START', `WhatsApp client failed to start: ${message}`, { cause: error });
    }
  }

  private listen(client: WhatsappClientLike): void {
    const { logger } = this.ctx;
    const on = <E extends WhatsappEventName>(event: E, listener: WhatsappListener<E>) => {
      client.on(event, listener);
      this.listeners.push([event, listener as (...args: never[]) => void]);
    };
    on('qr', (qr) => {
      logger.info({ channel: 'whatsapp' }, 'WhatsApp needs pairing: scan the QR code (terminal or console admin page)');
      this.options.printQr?.(qr);
      void this.writePairing({ status: 'waiting-for-scan', qr });
    });
    on('authenticated', () => logger.info({ channel: 'whatsapp' }, 'WhatsApp authenticated'));
    on('auth_failure', (message) => {
      logger.error({ channel: 'whatsapp', code: 'E_CHANNEL_START', detail: message }, 'WhatsApp session could not be restored; pair again');
      void this.writePairing({ status: 'failed', detail: 'The saved session was rejected; scan the new QR code.' });
    });
    on('ready', () => {
      this.status = 'connected';
      this.readyAt = Date.now();
      logger.info({ channel: 'whatsapp' }, 'WhatsApp connected');
      void this.writePairing({ status: 'connected' }, 24 * 3_600_000);
    });
    on('message', (message) => {
      const handling = this.receive(client, message).finally(() => this.inflight.delete(handling));
      this.inflight.add(handling);
    });
    on('disconnected', (reason) => void this.onDisconnected(client, reason));
  }

  private async receive(client: WhatsappClientLike, raw: WhatsappMessageLike): Promise<void> {
    const { config, clock, logger } = this.ctx;
    try {
      const decoded = await decodeWhatsappMessage(raw, {
        allowGroups: config.whatsapp.allowGroups,
        mediaMaxBytes: config.outbound.mediaMaxBytes,
        now: clock.now(),
        ...(client.getContactLidAndPhone ? { resolvePhone: async (id: string) => (await client.getContactLidAndPhone!([id]))[0]?.pn } : {}),
      });
      await receive(this.inbound, decoded, (outbound, message) => this.outbound.sendToChat(message.conversationId, outbound));
    } catch (error) {
      logger.error({ channel: 'whatsapp', err: error }, 'WhatsApp message could not be handled');
    }
  }

  private async onDisconnected(client: WhatsappClientLike, reason: string): Promise<void> {
    if (this.stopped || this.client !== client) return;
    this.ctx.logger.warn({ channel: 'whatsapp', reason }, 'WhatsApp disconnected; reconnecting');
    this.status = 'reconnecting';
    await this.dropClient();
    await this.writePairing({ status: 'disconnected', detail: reason });
    this.scheduleReconnect(new LockCareError('E_CHANNEL_START', `WhatsApp disconnected: ${reason}`));
  }

  /** Restart the client after a backoff: through the supervisor when attached (so /readyz shows it), else on a timer. */
  private scheduleReconnect(error: unknown): void {
    if (this.stopped) return;
    if (this.readyAt !== undefined && Date.now() - this.readyAt >= STABLE_MS) this.reconnectAttempts = 0;
    this.readyAt = undefined;
    this.reconnectAttempts += 1;
    const { initialMs = 1000, maxMs = 60_000 } = this.options.reconnect ?? {};
    const delay = Math.min(maxMs, initialMs * 2 ** (this.reconnectAttempts - 1));
    if (this.reportFailure) {
      this.pendingDelayMs = delay;
      this.reportFailure(error);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.start().catch((failure: unknown) => this.scheduleReconnect(failure));
    }, delay);
    timer.unref();
    this.timers.set(timer, () => undefined);
  }

  private async onLeaseLost(reason: string): Promise<void> {
    if (this.stopped) return;
    this.ctx.logger.warn({ channel: 'whatsapp', reason }, 'WhatsApp lease lost; stopping the client on this process');
    await this.dropClient();
    await this.outbound.stopListening();
    this.standBy();
  }

  /** Another process runs the client: try to take over every renewal period (the lease expires within its TTL). */
  private standBy(): void {
    if (this.stopped) return;
    this.status = 'standby';
    this.ctx.logger.info({ channel: 'whatsapp' }, 'another process runs the WhatsApp client; standing by');
    this.clearStandby();
    let trying = false;
    this.standbyTimer = setInterval(() => {
      if (trying || this.stopped) return;
      trying = true;
      void this.lease
        .tryAcquire()
        .then(async (acquired) => {
          if (!acquired || this.stopped) return;
          this.ctx.logger.info({ channel: 'whatsapp' }, 'took over the WhatsApp lease');
          await this.connect().catch((error: unknown) => this.scheduleReconnect(error));
        })
        .catch((error: unknown) => this.ctx.logger.warn({ channel: 'whatsapp', err: error }, 'lease check failed'))
        .finally(() => (trying = false));
    }, this.lease.renewEveryMs);
    this.standbyTimer.unref();
  }

  private clearStandby(): void {
    if (this.standbyTimer) clearInterval(this.standbyTimer);
    this.standbyTimer = undefined;
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.status === 'connected') this.status = 'reconnecting';
    if (!client) return;
    for (const [event, listener] of this.listeners) client.removeListener(event, listener as WhatsappListener<typeof event>);
    this.listeners = [];
    await client.destroy().catch((error: unknown) => this.ctx.logger.warn({ channel: 'whatsapp', err: error }, 'WhatsApp client destroy failed'));
  }

  private async writePairing(state: Omit<ChannelPairingState, 'channel' | 'updatedAt' | 'holder'>, ttlMs?: number): Promise<void> {
    await setPairingState(this.ctx.store, { channel: 'whatsapp', holder: this.lease.holder, updatedAt: this.ctx.clock.now().toISOString(), ...state }, ttlMs).catch(
      (error: unknown) => this.ctx.logger.warn({ channel: 'whatsapp', err: error }, 'could not save the pairing state'),
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.timers.set(timer, resolve);
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LockCareError('E_CHANNEL_START', message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The `whatsapp` entry of CHANNEL_FACTORIES. */
export async function createWhatsappChannel(ctx: SetupContext, options: WhatsappChannelOptions = {}): Promise<ChannelSetup & ReportsFailures> {
  const createClient = options.createClient ?? (await import('./create-wweb-client.js')).createWwebClient;
  const printQr = options.printQr ?? (await import('./print-qr.js')).printQrToTerminal;
  const channel = new WhatsappChannel(ctx, { ...options, createClient, printQr });
  return {
    adapter: channel,
    start: () => channel.start(),
    stop: () => channel.stop(),
    attachFailureReporter: (report) => channel.attachFailureReporter(report),
  };
}
