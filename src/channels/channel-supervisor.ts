import type { Logger } from '../logger.js';
import type { ChannelName } from '../core/types.js';
import type { ChannelSetup } from './index.js';

export type ChannelStatus = 'starting' | 'up' | 'retrying' | 'stopped';

/**
 * Starts each channel and keeps it going: a channel that fails to start (no browser, bad token,
 * no network) is logged and retried with exponential backoff, and never takes the process or
 * the other channels down.
 */
export class ChannelSupervisor {
  private readonly entries = new Map<ChannelName, { setup: ChannelSetup; status: ChannelStatus; attempts: number; lastError?: string; timer?: NodeJS.Timeout }>();
  private stopping = false;

  constructor(
    private readonly logger: Logger,
    private readonly backoff = { initialMs: 1000, maxMs: 5 * 60_000 },
  ) {}

  add(name: ChannelName, setup: ChannelSetup): void {
    this.entries.set(name, { setup, status: 'starting', attempts: 0 });
  }

  async startAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((name) => this.tryStart(name)));
  }

  private async tryStart(name: ChannelName): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry || this.stopping) return;
    entry.attempts += 1;
    try {
      await entry.setup.start?.();
      entry.status = 'up';
      entry.lastError = undefined;
      this.logger.info({ channel: name }, 'channel up');
    } catch (error) {
      entry.status = 'retrying';
      entry.lastError = (error as Error).message;
      const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (entry.attempts - 1));
      this.logger.error({ channel: name, err: error, code: 'E_CHANNEL_START', retryInMs: delay }, 'channel failed to start');
      entry.timer = setTimeout(() => void this.tryStart(name), delay);
      entry.timer.unref();
    }
  }

  /** A running channel lost its connection: restart it with backoff. */
  reportFailure(name: ChannelName, error: unknown): void {
    const entry = this.entries.get(name);
    if (!entry || this.stopping || entry.status === 'retrying') return;
    entry.status = 'retrying';
    entry.lastError = (error as Error)?.message ?? String(error);
    entry.attempts = 0;
    this.logger.warn({ channel: name, err: error }, 'channel lost, restarting');
    void this.tryStart(name);
  }

  status(): Record<string, { status: ChannelStatus; attempts: number; lastError?: string }> {
    return Object.fromEntries(
      [...this.entries].map(([name, { status, attempts, lastError }]) => [name, { status, attempts, ...(lastError ? { lastError } : {}) }]),
    );
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        if (entry.timer) clearTimeout(entry.timer);
        try {
          await entry.setup.stop?.();
        } finally {
          entry.status = 'stopped';
        }
      }),
    );
  }
}
