/**
 * Logs a repeated event at most once per key (a client address) per window, with how many
 * times it happened: a flood of bad requests costs one log line a minute per address instead
 * of one each. `hit` returns the count to log, or undefined when this one is only counted.
 */
export class RepeatLogLimiter {
  private readonly entries = new Map<string, { loggedAt: number; unlogged: number }>();

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Record one event for `key`: the number of events since the last line when one is due now. */
  hit(key: string): number | undefined {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.loggedAt < this.windowMs) {
      entry.unlogged += 1;
      return undefined;
    }
    const count = (entry?.unlogged ?? 0) + 1;
    if (!entry && this.entries.size >= this.maxKeys) this.forgetOld(now);
    this.entries.set(key, { loggedAt: now, unlogged: 0 });
    return count;
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.loggedAt >= this.windowMs) this.entries.delete(key);
    // Still full (a flood from very many addresses): start over rather than grow without bound.
    if (this.entries.size >= this.maxKeys) this.entries.clear();
  }
}
