import { LockCareError } from '../errors.js';
import type { Store } from '../store/store.js';
import { addDays, daysBetween } from './report-calendar.js';
import { emptyRollup, type BreachEntry, type DayRollup } from './rollup-types.js';

export const rollupKey = (period: string) => (period.length === 7 ? `reports:month:${period}` : `reports:day:${period}`);
export const breachesKey = (day: string) => `reports:breaches:${day}`;
const seenKey = (what: string) => `reports:seen:${what}`;
const MAX_CAS_ATTEMPTS = 50;
const MAX_BREACHES_PER_DAY = 10_000;
/** Parsed roll-ups kept for reuse: three years of months and a quarter of days. */
const MAX_PARSED = 160;
/** Default for REPORT_RETENTION_DAYS: three years. */
export const DEFAULT_REPORT_RETENTION_MS = 3 * 366 * 86_400_000;

/**
 * The periods to read for a range of days: whole calendar months inside the range as one
 * month document each, the days at either end as day documents. A year is 12 reads, not 365.
 */
export function periodsOf(from: string, to: string): string[] {
  const periods: string[] = [];
  let day = from;
  while (day <= to) {
    const monthEnd = addDays(`${day.slice(0, 7)}-01`, 40).slice(0, 7);
    const lastOfMonth = addDays(`${monthEnd}-01`, -1);
    if (day.endsWith('-01') && lastOfMonth <= to) {
      periods.push(day.slice(0, 7));
      day = addDays(lastOfMonth, 1);
    } else {
      const stop = lastOfMonth < to ? lastOfMonth : to;
      periods.push(...daysBetween(day, stop));
      day = addDays(stop, 1);
    }
  }
  return periods;
}

/**
 * Daily and monthly roll-ups in the store: one JSON document per day and per month, both
 * changed with compare-and-set (so processes writing at once never lose each other's counts)
 * and expiring REPORT_RETENTION_DAYS after their last change. A report reads the months and
 * days of its range in one `getMany`.
 */
export class RollupStore {
  constructor(
    private readonly store: Store,
    readonly retentionMs = DEFAULT_REPORT_RETENTION_MS,
  ) {}

  /** While buffering (a bulk roll-up), changed documents wait here until `flush`. */
  private buffer: Map<string, DayRollup> | undefined;

  /** Apply `change` to the day's roll-up and to its month's. */
  async change(day: string, change: (rollup: DayRollup) => void): Promise<void> {
    await this.changeOne(day, change);
    await this.changeOne(day.slice(0, 7), change);
  }

  /**
   * Bulk roll-ups (a backfill from existing tickets, the benchmark): keep changed documents in
   * memory and write them once at `flush`. Only for a single writer: concurrent changes by
   * other processes between `buffered` and `flush` would be overwritten.
   */
  async buffered<T>(work: () => Promise<T>): Promise<T> {
    this.buffer = new Map();
    try {
      return await work();
    } finally {
      const documents = [...this.buffer.values()];
      this.buffer = undefined;
      for (let start = 0; start < documents.length; start += 200) await this.writeMany(documents.slice(start, start + 200));
    }
  }

  private async changeOne(period: string, change: (rollup: DayRollup) => void): Promise<void> {
    if (this.buffer) {
      let rollup = this.buffer.get(period);
      if (!rollup) {
        const raw = await this.store.get(rollupKey(period));
        rollup = raw ? (JSON.parse(raw) as DayRollup) : emptyRollup(period);
        this.buffer.set(period, rollup);
      }
      change(rollup);
      return;
    }
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const current = await this.store.getVersioned(rollupKey(period));
      const rollup = current ? (JSON.parse(current.value) as DayRollup) : emptyRollup(period);
      change(rollup);
      if ((await this.store.compareAndSet(rollupKey(period), current?.version ?? null, JSON.stringify(rollup), this.retentionMs)) !== null) return;
    }
    throw new LockCareError('E_CONFLICT', `Could not update the roll-up of ${period}`);
  }

  /**
   * Parsed documents by key, reused while the stored text is unchanged (comparing two equal
   * strings is far cheaper than parsing one; past months rarely change). Callers must not
   * mutate what `read` returns.
   */
  private readonly parsed = new Map<string, { raw: string; rollup: DayRollup }>();

  /** The roll-ups covering `from`..`to` (months where whole, days at the ends). */
  async read(from: string, to: string): Promise<DayRollup[]> {
    const keys = periodsOf(from, to).map(rollupKey);
    const values = await this.store.getMany(keys);
    const rollups: DayRollup[] = [];
    values.forEach((raw, index) => {
      if (raw === null) return;
      const key = keys[index]!;
      const cached = this.parsed.get(key);
      if (cached && cached.raw === raw) {
        rollups.push(cached.rollup);
        return;
      }
      const rollup = JSON.parse(raw) as DayRollup;
      if (this.parsed.size >= MAX_PARSED) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(key, { raw, rollup });
      rollups.push(rollup);
    });
    return rollups;
  }

  /** Write whole days or months at once (the benchmark copies roll-ups between stores). */
  async writeMany(rollups: readonly DayRollup[]): Promise<void> {
    await this.store.setMany(rollups.map((rollup) => [rollupKey(rollup.day), JSON.stringify(rollup)] as const), this.retentionMs);
  }

  async addBreach(day: string, entry: BreachEntry): Promise<void> {
    await this.store.listPush(breachesKey(day), JSON.stringify(entry), MAX_BREACHES_PER_DAY, this.retentionMs);
  }

  /** The newest `limit` breaches of the range, oldest first: read day by day back from `to`. */
  async breaches(from: string, to: string, keep: (entry: BreachEntry) => boolean, limit: number): Promise<BreachEntry[]> {
    const found: BreachEntry[] = [];
    const days = daysBetween(from, to).reverse();
    for (let start = 0; start < days.length && found.length < limit; start += 31) {
      const chunk = days.slice(start, start + 31);
      const lists = await Promise.all(chunk.map((day) => this.store.listRange(breachesKey(day), 0, -1)));
      for (const list of lists) {
        const entries = list.map((raw) => JSON.parse(raw) as BreachEntry).filter(keep);
        entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.ticket.localeCompare(a.ticket));
        found.push(...entries);
      }
    }
    return found.slice(0, limit).reverse();
  }

  /**
   * Count something once: true for the first caller only (a retried event, or the same
   * milestone seen by two processes, is not counted twice).
   */
  async firstTime(what: string, ttlMs: number): Promise<boolean> {
    return this.store.setIfAbsent(seenKey(what), '1', ttlMs);
  }
}
