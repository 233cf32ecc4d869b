import { LockCareError } from '../errors.js';
import type { Store } from '../store/store.js';
import { emptyRollup, type DayRollup } from './rollup-types.js';

const dayKey = (day: string) => `reports:day:${day}`;
const seenKey = (what: string) => `reports:seen:${what}`;
const MAX_CAS_ATTEMPTS = 50;
/** Default for REPORT_RETENTION_DAYS: three years. */
export const DEFAULT_REPORT_RETENTION_MS = 3 * 366 * 86_400_000;

/**
 * Daily roll-ups in the store: one JSON document per day, changed with compare-and-set (so
 * processes writing the same day never lose each other's counts) and expiring
 * REPORT_RETENTION_DAYS after its last change. A report reads a range of days in one `getMany`.
 */
export class RollupStore {
  constructor(
    private readonly store: Store,
    readonly retentionMs = DEFAULT_REPORT_RETENTION_MS,
  ) {}

  async change(day: string, change: (rollup: DayRollup) => void): Promise<void> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const current = await this.store.getVersioned(dayKey(day));
      const rollup = current ? (JSON.parse(current.value) as DayRollup) : emptyRollup(day);
      change(rollup);
      if ((await this.store.compareAndSet(dayKey(day), current?.version ?? null, JSON.stringify(rollup), this.retentionMs)) !== null) return;
    }
    throw new LockCareError('E_CONFLICT', `Could not update the roll-up of ${day}`);
  }

  async read(days: readonly string[]): Promise<DayRollup[]> {
    if (days.length === 0) return [];
    const values = await this.store.getMany(days.map(dayKey));
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as DayRollup);
  }

  /** Write whole days at once (the benchmark's bulk load). */
  async writeMany(rollups: readonly DayRollup[]): Promise<void> {
    await this.store.setMany(rollups.map((rollup) => [dayKey(rollup.day), JSON.stringify(rollup)] as const), this.retentionMs);
  }

  /**
   * Count something once: true for the first caller only (a retried event, or the same
   * milestone seen by two processes, is not counted twice).
   */
  async firstTime(what: string, ttlMs: number): Promise<boolean> {
    return this.store.setIfAbsent(seenKey(what), '1', ttlMs);
  }
}
