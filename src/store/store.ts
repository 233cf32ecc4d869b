/**
 * The storage contract every LockCare feature uses. Two implementations — `MemoryStore`
 * (the embedded default) and `RedisStore` (production, through `REDIS_URL`) — run through
 * the same contract tests in `test/integration/store-contract.test.ts`.
 *
 * Values are strings (callers serialize JSON). Keys are plain strings; callers namespace them
 * (`conv:web:abc`, `dedupe:whatsapp:ABCD`, `sla:timers`). TTLs are in milliseconds.
 */
export interface VersionedValue {
  value: string;
  /** Increments on every write; 0 never exists (use `null` to mean "absent" in compareAndSet). */
  version: number;
}

/** What `compareAndSetWithAppend` writes besides the value. */
export interface CompareAndSetAppendOptions {
  /** TTL of both the value and the list. */
  ttlMs?: number;
  /** The capped list (the transcript) that gets `items` only when the write succeeds. */
  append: { listKey: string; items: readonly string[]; maxLength: number };
  /** A dedupe claim taken with a short TTL that gets its full TTL in the same step. */
  claim?: { key: string; ttlMs: number };
}

export interface Store {
  /** Versioned read for compare-and-set. */
  getVersioned(key: string): Promise<VersionedValue | null>;
  /**
   * Write `value` only if the key's current version equals `expectedVersion`
   * (`null` = the key must not exist). Returns the new version, or `null` when another
   * writer got there first. One round trip.
   */
  compareAndSet(key: string, expectedVersion: number | null, value: string, ttlMs?: number): Promise<number | null>;

  /**
   * The start of a conversation turn in one round trip: create `claimKey` (dedupe) if absent,
   * and read `key`. `claimed` is false when `claimKey` already existed (a duplicate delivery).
   */
  claimAndGetVersioned(claimKey: string, claimTtlMs: number, key: string): Promise<{ claimed: boolean; current: VersionedValue | null }>;
  /**
   * The end of a turn in one round trip: compareAndSet `key`, and only if that succeeds append
   * `append.items` to the capped list `append.listKey` (the transcript). `ttlMs` applies to both keys, so a
   * conversation's transcript expires with its state. With `claim`, the message's dedupe claim
   * (taken with a short processing TTL) gets its full TTL in the same step.
   */
  compareAndSetWithAppend(key: string, expectedVersion: number | null, value: string, options: CompareAndSetAppendOptions): Promise<number | null>;

  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Set only if absent; true when this call created the key (dedupe, locks, idempotency). */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  /** Write many plain keys at once (bulk imports). */
  setMany(entries: ReadonlyArray<readonly [string, string]>, ttlMs?: number): Promise<void>;
  getMany(keys: readonly string[]): Promise<Array<string | null>>;
  /** Delete; true when the key existed. */
  delete(key: string): Promise<boolean>;
  /** Delete only when the value still equals `value` (release a lock you hold). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Refresh a lease you hold: set the TTL only when the value still equals `value`. */
  extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Remaining TTL in ms; null when the key is absent or has no TTL. */
  ttl(key: string): Promise<number | null>;

  /** Atomic counter; the TTL applies when the counter is created. Returns the new value. */
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;

  /** Sorted set (timers, queues ordered by due time). */
  sortedAdd(key: string, member: string, score: number): Promise<void>;
  /** Members with score <= maxScore, lowest first. */
  sortedRangeByScore(key: string, maxScore: number, limit?: number): Promise<Array<{ member: string; score: number }>>;
  /** Remove; true only for the one caller that actually removed it (claim a timer exactly once). */
  sortedRemove(key: string, member: string): Promise<boolean>;
  sortedScore(key: string, member: string): Promise<number | null>;
  sortedAll(key: string): Promise<Array<{ member: string; score: number }>>;

  /** Capped list (transcripts, recent messages). Newest at the end; keeps the last `maxLength`. */
  /** Append; with `ttlMs` the whole list expires that long after this push. */
  listPush(key: string, values: string | readonly string[], maxLength?: number, ttlMs?: number): Promise<void>;
  listRange(key: string, start?: number, stop?: number): Promise<string[]>;

  /** Set of strings (indexes such as "open tickets"). */
  setAdd(key: string, member: string): Promise<void>;
  setRemove(key: string, member: string): Promise<boolean>;
  setMembers(key: string): Promise<string[]>;

  /** Pub/sub across processes (live console updates). Returns an unsubscribe function. */
  /** Returns how many subscribers (in every process) received it. */
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;

  /**
   * Every live key that starts with `prefix`, in no particular order. For operator tools (data
   * export and erase), never on a conversation's path: on Redis it is a SCAN of the keyspace.
   */
  keysWithPrefix(prefix: string): Promise<string[]>;

  /** Reachability for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
