import { ScanStatus, WechatyBuilder, type Message as WechatMessage, type OfficialPuppetNpmName, type Wechaty } from 'wechaty';
import { conversationKey, type ChannelAdapter } from '../../core/types.js';
import { LockCareError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import type { ChannelFailureReporter, ReportsFailures } from '../shared/failure-reporting.js';
import { setPairingState, type ChannelPairingState } from '../shared/pairing.js';
import { receive, type InboundPath } from '../shared/receive.js';
import { decodeWechatMessage } from './wechat-decode.js';
import { WECHAT_CAPABILITIES, WechatSender } from './wechat-send.js';

export { WECHAT_CAPABILITIES } from './wechat-send.js';

export interface WechatChannelOptions {
  /** Build the Wechaty instance. Default: `WechatyBuilder.build` with the puppet from `WECHATY_PUPPET` (tests inject `wechaty-puppet-mock`). */
  createBot?: () => Wechaty;
  /** Show the login QR code (default: print it on the terminal). */
  printQr?: (qr: string) => void;
  /** Backoff for reconnecting after a logout when no supervisor is attached. */
  reconnect?: { initialMs?: number; maxMs?: number };
}

/** The WeChat channel setup; `bot()` exposes the running Wechaty, `idle()` waits for messages being handled (tests, diagnostics). */
export type WechatChannelSetup = ChannelSetup & ReportsFailures & { bot(): Wechaty | undefined; idle(): Promise<void> };

class WechatChannel {
  readonly adapter: ChannelAdapter;
  private bot?: Wechaty;
  private stopped = false;
  private reportFailure?: ChannelFailureReporter;
  private reconnectAttempts = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly inflight = new Set<Promise<void>>();
  private readonly sender: WechatSender;
  private readonly inbound: InboundPath;
  private readonly logger: Logger;

  constructor(
    private readonly ctx: SetupContext,
    private readonly options: Required<Pick<WechatChannelOptions, 'createBot' | 'printQr'>> & WechatChannelOptions,
  ) {
    this.logger = ctx.logger.child({ channel: 'wechat' });
    this.sender = new WechatSender(ctx, () => this.bot);
    this.inbound = { channel: 'wechat', core: ctx.core, clock: ctx.clock, logger: this.logger, guard: this.sender.guard };
    this.adapter = { name: 'wechat', capabilities: WECHAT_CAPABILITIES, send: (target, messages) => this.sender.send(target, messages) };
  }

  current(): Wechaty | undefined {
    return this.bot;
  }

  /** Resolve once every received message has been handled and its replies sent. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  attachFailureReporter(report: ChannelFailureReporter): void {
    this.reportFailure = report;
  }

  /** Start the puppet. Wechaty reports puppet start failures as `error` events, so they are collected and thrown. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.dropBot();
    await this.writePairing({ status: 'starting' });
    const startup = { done: false, failures: [] as unknown[] };
    try {
      const bot = this.options.createBot();
      this.bot = bot;
      this.listen(bot, startup);
      await bot.start();
    } catch (error) {
      startup.failures.push(error);
    }
    startup.done = true;
    const { failures } = startup;
    if (failures.length > 0) {
      const detail = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('; ');
      await this.dropBot();
      await this.writePairing({ status: 'failed', detail });
      throw new LockCareError('E_CHANNEL_START', `WeChat puppet "${this.ctx.config.wechat.puppet}" failed to start: ${detail}`, { cause: failures[0] });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await Promise.allSettled([...this.inflight]);
    this.sender.stop();
    await this.dropBot();
  }

  private listen(bot: Wechaty, startup: { done: boolean; failures: unknown[] }): void {
    bot.on('error', (error) => {
      if (this.bot !== bot) return;
      if (!startup.done) startup.failures.push(error);
      this.logger.warn({ err: error }, 'WeChat puppet error');
    });
    bot.on('scan', (qrcode, status) => {
      if (this.bot !== bot) return;
      if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
        this.logger.info('WeChat needs a login: scan the QR code (terminal or console admin page)');
        this.options.printQr(qrcode);
        void this.writePairing({ status: 'waiting-for-scan', qr: qrcode });
      } else if (status === ScanStatus.Scanned) {
        void this.writePairing({ status: 'waiting-for-scan', detail: 'Scanned: confirm the login on the phone.' });
      }
    });
    bot.on('login', () => {
      if (this.bot !== bot) return;
      this.reconnectAttempts = 0;
      this.logger.info('WeChat logged in');
      void this.writePairing({ status: 'connected' }, 24 * 3_600_000);
    });
    bot.on('logout', (_user, reason) => {
      if (this.bot !== bot || this.stopped) return;
      this.logger.warn({ reason }, 'WeChat logged out; reconnecting');
      void this.writePairing({ status: 'disconnected', detail: reason ?? 'logged out' });
      this.scheduleReconnect(new LockCareError('E_CHANNEL_START', `WeChat logged out${reason ? `: ${reason}` : ''}`));
    });
    bot.on('message', (message) => {
      if (this.bot !== bot) return;
      const handling = this.receive(message).finally(() => this.inflight.delete(handling));
      this.inflight.add(handling);
    });
  }

  /** Restart after a logout: through the supervisor when attached (so /readyz shows it), else on a backoff timer. */
  private scheduleReconnect(error: LockCareError): void {
    if (this.reportFailure) {
      this.reportFailure(error);
      return;
    }
    this.reconnectAttempts += 1;
    const { initialMs = 1000, maxMs = 60_000 } = this.options.reconnect ?? {};
    const delay = Math.min(maxMs, initialMs * 2 ** (this.reconnectAttempts - 1));
    this.reconnectTimer = setTimeout(() => {
      this.start().catch((failure: unknown) => {
        this.logger.error({ err: failure, code: 'E_CHANNEL_START' }, 'WeChat reconnect failed');
        this.scheduleReconnect(failure instanceof LockCareError ? failure : error);
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private async receive(raw: WechatMessage): Promise<void> {
    const { config, clock } = this.ctx;
    try {
      const decoded = await decodeWechatMessage(raw, { allowRooms: config.wechat.allowRooms, mediaMaxBytes: config.outbound.mediaMaxBytes, receivedAt: clock.now() });
      await receive(this.inbound, decoded, (outbound, message) =>
        this.sender.sendTo(raw.room() ?? raw.talker(), conversationKey('wechat', message.conversationId), outbound),
      );
    } catch (error) {
      this.logger.error({ err: error, code: 'E_CHANNEL_SEND', platformMessageId: raw.id }, 'WeChat message could not be handled');
    }
  }

  private async dropBot(): Promise<void> {
    const bot = this.bot;
    this.bot = undefined;
    if (!bot) return;
    await bot.stop().catch((error: unknown) => this.logger.warn({ err: error }, 'WeChat stop failed'));
  }

  private async writePairing(state: Omit<ChannelPairingState, 'channel' | 'updatedAt'>, ttlMs?: number): Promise<void> {
    await setPairingState(this.ctx.store, { channel: 'wechat', updatedAt: this.ctx.clock.now().toISOString(), ...state }, ttlMs).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not save the WeChat pairing state'),
    );
  }
}

/**
 * WeChat through Wechaty. The puppet comes from `WECHATY_PUPPET` (default
 * `wechaty-puppet-wechat4u`; paid puppets take `WECHATY_PUPPET_TOKEN`). The login QR code is
 * printed on the terminal and kept for the console's admin page; a logout restarts the puppet.
 */
export async function createWechatChannel(ctx: SetupContext, options: WechatChannelOptions = {}): Promise<WechatChannelSetup> {
  const { wechat } = ctx.config;
  const createBot =
    options.createBot ??
    (() =>
      WechatyBuilder.build({
        // Wechaty keeps the login session in `lockcare-wechat.memory-card.json` in the working directory.
        name: 'lockcare-wechat',
        puppet: wechat.puppet as OfficialPuppetNpmName,
        puppetOptions: wechat.puppetToken ? { token: wechat.puppetToken } : {},
      }));
  const printQr = options.printQr ?? (await import('./print-qr.js')).printWechatQr;
  const channel = new WechatChannel(ctx, { ...options, createBot, printQr });
  return {
    adapter: channel.adapter,
    start: () => channel.start(),
    stop: () => channel.stop(),
    attachFailureReporter: (report) => channel.attachFailureReporter(report),
    bot: () => channel.current(),
    idle: () => channel.idle(),
  };
}
