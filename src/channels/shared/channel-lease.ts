import type { Logger } from '../../logger.js';
import type { Store } from '../../store/store.js';

export interface ChannelLeaseOptions {
  store: Store;
  /** Store key of the lease, e.g. `lease:whatsapp`. */
  key: string;
  /** This process's id (host, pid, random): the lease's value. */
  holder: string;
  /** The lease expires this long after its last renewal (default 30 s). */
  ttlMs?: number;
  /** Renew this often while held (default 10 s); must be well under `ttlMs`. */
  renewEveryMs?: number;
  logger: Logger;
  /** Epoch ms (default `Date.now`). */
  now?: () => number;
}

/**
 * A lease in the store so only one process runs a client that must be unique (one WhatsApp
 * Web session per phone). The holder renews it every `renewEveryMs`; when the holder dies the
 * key expires after `ttlMs` and another process's `tryAcquire` wins. A holder that finds the
 * lease gone or taken (`extendIfEquals` false, or no successful renewal for a whole TTL) calls
 * `onLost` and must stop its client.
 */
export class ChannelLease {
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  private timer?: NodeJS.Timeout;
  private lastRenewedAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: ChannelLeaseOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.renewEveryMs = options.renewEveryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get holder(): string {
    return this.options.holder;
  }

  /** Take the lease if free (or already ours). True when this process holds it now. */
  async tryAcquire(): Promise<boolean> {
    const { store, key, holder } = this.options;
    const held = (await store.setIfAbsent(key, holder, this.ttlMs)) || (await store.extendIfEquals(key, holder, this.ttlMs));
    if (held) this.lastRenewedAt = this.now();
    return held;
  }

  /** Who holds the lease now (null when nobody does). */
  async currentHolder(): Promise<string | null> {
    return this.options.store.get(this.options.key);
  }

  /** Renew every `renewEveryMs` until `stopRenewing`/`release`; `onLost` runs once if the lease is lost. */
  startRenewing(onLost: (reason: string) => void): void {
    this.stopRenewing();
    const { store, key, holder, logger } = this.options;
    this.timer = setInterval(() => {
      void store.extendIfEquals(key, holder, this.ttlMs).then(
        (renewed) => {
          if (!this.timer) return;
          if (renewed) this.lastRenewedAt = this.now();
          else this.lose(onLost, 'the lease was taken over or expired');
        },
        (error: unknown) => {
          if (!this.timer) return;
          logger.warn({ err: error, lease: key }, 'could not renew the channel lease');
          if (this.now() - this.lastRenewedAt >= this.ttlMs) this.lose(onLost, 'the lease could not be renewed for a whole TTL');
        },
      );
    }, this.renewEveryMs);
    this.timer.unref();
  }

  stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stop renewing and free the lease if it is still ours, so another process can take over at once. */
  async release(): Promise<void> {
    this.stopRenewing();
    await this.options.store.deleteIfEquals(this.options.key, this.options.holder).catch(() => false);
  }

  private lose(onLost: (reason: string) => void, reason: string): void {
    this.stopRenewing();
    onLost(reason);
  }
}
