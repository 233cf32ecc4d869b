import { Poller } from '../core/poller.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { RegistryStore } from './registry-store.js';

/** Who reloads the registry after it vanished, so several processes do not all import it at once. */
const RELOAD_LOCK_KEY = 'warranty:registry:reload';
const RELOAD_LOCK_MS = 120_000;

export interface RegistryWatchOptions {
  store: Store;
  registry: RegistryStore;
  logger: Logger;
  /** How often the registry's presence is checked (REGISTRY_CHECK_MS). */
  intervalMs: number;
  /** Import the configured file again (REGISTRY_FILE or the sample); undefined when this process loaded none. */
  reload?: () => Promise<number>;
}

/**
 * Keeps the warranty registry present. A Redis that restarts without persistence comes back
 * empty: the registry rows and their meta key are gone, and every serial would read "not found"
 * — a wrong answer about money. The watch notices the missing meta key (the last key an import
 * writes), imports the configured file again, and meanwhile `missing()` holds `/readyz` at 503
 * and `RegistryStore.find` fails the turn (the customer is asked to try again) instead of
 * answering "not found".
 */
export class RegistryWatch {
  private readonly poller: Poller<boolean>;
  private lost = false;
  private lostAt = 0;
  private readonly holder = `${process.pid}:${Math.random().toString(36).slice(2)}`;

  constructor(private readonly options: RegistryWatchOptions) {
    this.poller = new Poller(options.intervalMs, () => this.run(), (error) => {
      options.logger.warn({ err: error }, 'warranty registry check failed');
      return !this.lost;
    });
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** True while the registry is configured but absent from the store (the last check saw no meta). */
  missing(): boolean {
    return this.lost;
  }

  /** One check (what the interval runs; tests and /readyz call it). True when the registry is present. Never throws. */
  check(): Promise<boolean> {
    return this.poller.run();
  }

  private async run(): Promise<boolean> {
    const { registry, store, logger, reload } = this.options;
    if (await registry.meta()) {
      this.lost = false;
      return true;
    }
    if (!this.lost) {
      this.lost = true;
      this.lostAt = Date.now();
      logger.error(
        { code: 'E_STORE' },
        reload
          ? 'the warranty registry is missing from the store (did Redis restart without persistence?); importing it again'
          : 'the warranty registry is missing from the store and no REGISTRY_FILE is configured; run `lockcare registry import` again',
      );
    }
    if (!reload) return false;
    if (!(await store.setIfAbsent(RELOAD_LOCK_KEY, this.holder, RELOAD_LOCK_MS))) return false; // another process is importing it
    try {
      const rows = await reload();
      this.lost = false;
      logger.warn({ rows, recoveryMs: Date.now() - this.lostAt }, 'warranty registry restored after it went missing from the store');
      return true;
    } finally {
      await store.deleteIfEquals(RELOAD_LOCK_KEY, this.holder).catch(() => undefined);
    }
  }
}
