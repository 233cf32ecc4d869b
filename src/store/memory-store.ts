import { EventEmitter } from 'node:events';
import { packedExpiry, packedPush, packedRange } from './packed-list.js';
import { packEntry, unpackEntry, type Entry } from './packed-entry.js';
import type { CompareAndSetAppendOptions, Store, VersionedValue } from './store.js';

/**
 * The embedded default store: everything in this process's memory, gone on restart.
 * Single-process only (pub/sub reaches this process's subscribers). Expired keys are
 * dropped when read and by a sweep every `sweepIntervalMs`.
 */
/**
 * Strings built by concatenation or JSON.stringify are often V8 "cons strings": trees of the
 * pieces they were made from, much larger than their text. Reading a character makes V8 flatten
 * the tree in place into one sequential string, so a long-lived value or key costs about its
 * length (this took the heap of an idle conversation from ~1.7 KB to ~1.2 KB).
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

export class MemoryStore implements Store {
  /** Each value as one string holding its version and expiry (see packed-entry.ts). */
  private readonly entries = new Map<string, string>();
  private readonly sorted = new Map<string, Map<string, number>>();
  /** Each list as one string holding its expiry and items (see packed-list.ts). */
  private readonly lists = new Map<string, string>();
  /**
   * Dedupe claims (one per inbound message, kept for days) hold no value or version, so they are
   * kept as key → expiry alone. A claim read or written through the
   * general API becomes an ordinary entry.
   */
  private readonly claims = new Map<string, number>();
  private readonly sets = new Map<string, Set<string>>();
  private readonly bus = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now, sweepIntervalMs = 60_000) {
    this.bus.setMaxListeners(0);
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const packed = this.entries.get(key);
    const entry = packed === undefined ? this.promoteClaim(key) : unpackEntry(packed);
    if (entry && entry.expiresAt !== 0 && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private promoteClaim(key: string): Entry | undefined {
    const expiresAt = this.claims.get(key);
    if (expiresAt === undefined) return undefined;
    this.claims.delete(key);
    const entry: Entry = { value: '1', version: 1, expiresAt };
    this.put(key, entry);
    return entry;
  }

  private put(key: string, entry: Entry): void {
    this.entries.set(flat(key), packEntry(entry));
  }

  private extendClaim(key: string, ttlMs: number): void {
    if (this.claims.has(key)) {
      this.claims.set(key, this.expiry(ttlMs));
      return;
    }
    const entry = this.live(key);
    if (entry) this.put(key, { ...entry, expiresAt: this.expiry(ttlMs) });
  }

  private liveList(key: string): string | undefined {
    const list = this.lists.get(key);
    if (list !== undefined && this.expired(packedExpiry(list))) {
      this.lists.delete(key);
      return undefined;
    }
    return list;
  }

  private expired(expiresAt: number): boolean {
    return expiresAt !== 0 && expiresAt <= this.now();
  }

  private expiry(ttlMs?: number): number {
    return ttlMs && ttlMs > 0 ? this.now() + ttlMs : 0;
  }

  /** Drop every expired key now. */
  sweep(): void {
    const now = this.now();
    for (const [key, packed] of this.entries) {
      const { expiresAt } = unpackEntry(packed);
      if (expiresAt !== 0 && expiresAt <= now) this.entries.delete(key);
    }
    for (const [key, expiresAt] of this.claims) if (expiresAt !== 0 && expiresAt <= now) this.claims.delete(key);
    for (const [key, list] of this.lists) {
      const expiresAt = packedExpiry(list);
      if (expiresAt !== 0 && expiresAt <= now) this.lists.delete(key);
    }
  }

  async getVersioned(key: string): Promise<VersionedValue | null> {
    const entry = this.live(key);
    return entry ? { value: entry.value, version: entry.version } : null;
  }

  async compareAndSet(key: string, expectedVersion: number | null, value: string, ttlMs?: number): Promise<number | null> {
    const entry = this.live(key);
    const current = entry ? entry.version : null;
    if (current !== expectedVersion) return null;
    const version = (current ?? 0) + 1;
    this.put(key, { value, version, expiresAt: this.expiry(ttlMs) });
    return version;
  }

  async claimAndGetVersioned(claimKey: string, claimTtlMs: number, key: string): Promise<{ claimed: boolean; current: VersionedValue | null }> {
    const existing = this.claims.get(claimKey);
    const taken = (existing !== undefined && (existing === 0 || existing > this.now())) || this.live(claimKey) !== undefined;
    if (!taken) this.claims.set(flat(claimKey), this.expiry(claimTtlMs));
    return { claimed: !taken, current: await this.getVersioned(key) };
  }

  async compareAndSetWithAppend(key: string, expectedVersion: number | null, value: string, options: CompareAndSetAppendOptions): Promise<number | null> {
    const { ttlMs, append, claim } = options;
    const version = await this.compareAndSet(key, expectedVersion, value, ttlMs);
    if (version !== null && claim) this.extendClaim(claim.key, claim.ttlMs);
    if (version !== null && append.items.length > 0) await this.listPush(append.listKey, append.items, append.maxLength, ttlMs);
    return version;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const version = (this.live(key)?.version ?? 0) + 1;
    this.put(key, { value, version, expiresAt: this.expiry(ttlMs) });
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.put(key, { value, version: 1, expiresAt: this.expiry(ttlMs) });
    return true;
  }

  async setMany(entries: ReadonlyArray<readonly [string, string]>, ttlMs?: number): Promise<void> {
    for (const [key, value] of entries) await this.set(key, value, ttlMs);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    return keys.map((key) => this.live(key)?.value ?? null);
  }

  async delete(key: string): Promise<boolean> {
    const existed =
      this.live(key) !== undefined || this.sorted.has(key) || this.liveList(key) !== undefined || this.sets.has(key);
    this.entries.delete(key);
    this.claims.delete(key);
    this.sorted.delete(key);
    this.lists.delete(key);
    this.sets.delete(key);
    return existed;
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (this.live(key)?.value !== value) return false;
    this.entries.delete(key);
    return true;
  }

  async extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    const entry = this.live(key);
    if (!entry || entry.value !== value) return false;
    this.put(key, { ...entry, expiresAt: this.expiry(ttlMs) });
    return true;
  }

  async ttl(key: string): Promise<number | null> {
    const entry = this.live(key);
    if (!entry || entry.expiresAt === 0) return null;
    return entry.expiresAt - this.now();
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    const entry = this.live(key);
    const next = (entry ? Number(entry.value) : 0) + by;
    this.put(key, entry ? { value: String(next), version: entry.version + 1, expiresAt: entry.expiresAt } : { value: String(next), version: 1, expiresAt: this.expiry(ttlMs) });
    return next;
  }

  async sortedAdd(key: string, member: string, score: number): Promise<void> {
    let set = this.sorted.get(key);
    if (!set) this.sorted.set(key, (set = new Map()));
    set.set(member, score);
  }

  async sortedRangeByScore(key: string, maxScore: number, limit = Infinity): Promise<Array<{ member: string; score: number }>> {
    return (await this.sortedAll(key)).filter((item) => item.score <= maxScore).slice(0, limit);
  }

  async sortedRemove(key: string, member: string): Promise<boolean> {
    const set = this.sorted.get(key);
    if (!set?.delete(member)) return false;
    if (set.size === 0) this.sorted.delete(key);
    return true;
  }

  async sortedScore(key: string, member: string): Promise<number | null> {
    return this.sorted.get(key)?.get(member) ?? null;
  }

  async sortedAll(key: string): Promise<Array<{ member: string; score: number }>> {
    const set = this.sorted.get(key);
    if (!set) return [];
    return [...set]
      .map(([member, score]) => ({ member, score }))
      .sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  }

  async listPush(key: string, values: string | readonly string[], maxLength?: number, ttlMs?: number): Promise<void> {
    const list = this.liveList(key);
    const expiresAt = ttlMs && ttlMs > 0 ? this.now() + ttlMs : list === undefined ? 0 : packedExpiry(list);
    this.lists.set(list === undefined ? flat(key) : key, packedPush(list, typeof values === 'string' ? [values] : values, expiresAt, maxLength));
  }

  async listRange(key: string, start = 0, stop = -1): Promise<string[]> {
    const list = this.liveList(key);
    return list === undefined ? [] : packedRange(list, start, stop);
  }

  async setAdd(key: string, member: string): Promise<void> {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    set.add(member);
  }

  async setRemove(key: string, member: string): Promise<boolean> {
    const set = this.sets.get(key);
    if (!set?.delete(member)) return false;
    if (set.size === 0) this.sets.delete(key);
    return true;
  }

  async setMembers(key: string): Promise<string[]> {
    return [...(this.sets.get(key) ?? [])];
  }

  async publish(channel: string, message: string): Promise<number> {
    // Deliver asynchronously, like Redis does.
    const receivers = this.bus.listenerCount(channel);
    queueMicrotask(() => this.bus.emit(channel, message));
    return receivers;
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    this.bus.on(channel, handler);
    return async () => {
      this.bus.off(channel, handler);
    };
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    this.sweep();
    const found = new Set<string>();
    for (const source of [this.entries, this.claims, this.sorted, this.lists, this.sets]) {
      for (const key of source.keys()) if (key.startsWith(prefix)) found.add(key);
    }
    return [...found];
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.bus.removeAllListeners();
  }
}
