import { ErrorReply } from 'redis';
import { LockCareError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isReadOnly, openCluster, routingKey, scanCluster, scanNode, watchCluster, type ClusterClient } from './redis-cluster.js';
import { readRedisPersistence, type RedisPersistence } from './redis-persistence.js';
import { SCRIPTS, type RedisScript } from './redis-scripts.js';
import {
  BULK_CHUNK,
  BULK_PARALLEL,
  createReconnectStrategy,
  formatScore,
  openClient,
  pairs,
  parseScore,
  redactUrl,
  runLimited,
  toStoreError,
  type Client,
  type Reply,
} from './redis-support.js';
import type { CompareAndSetAppendOptions, Store, VersionedValue } from './store.js';

export interface RedisStoreOptions {
  /** Prepended to every key and pub/sub channel (tests use one per file; deployments may share a Redis). */
  prefix?: string;
  /** A command fails with E_STORE after this long without a reply (a hung server must not hang a turn). Default 5,000 ms. */
  commandTimeoutMs?: number;
  /** Give up at start-up after this many failed connection attempts. Default 5. */
  connectAttempts?: number;
}

/**
 * The production store on Redis (node-redis). Multi-step operations are single Lua scripts, so
 * a turn is two round trips (claim + read, then compare-and-set + transcript append) and stays
 * correct when several LockCare processes share one Redis. Pub/sub uses a second connection,
 * opened on the first `subscribe`. On a Redis Cluster (`connectCluster`) each command goes to its
 * key's master and pub/sub is sharded (see redis-cluster.ts).
 */
export class RedisStore implements Store {
  private subscriber?: Promise<Client>;
  private outage = false;
  private cluster?: ClusterClient;

  private constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly prefix: string,
    private readonly options: Required<Omit<RedisStoreOptions, 'prefix'>>,
  ) {}

  /** Connect to `url`; fails with E_STORE when Redis cannot be reached at start-up. */
  static async connect(url: string, logger: Logger, options: RedisStoreOptions = {}): Promise<RedisStore> {
    const settings = { commandTimeoutMs: options.commandTimeoutMs ?? 5000, connectAttempts: options.connectAttempts ?? 5 };
    let connectedOnce = false;
    const client = openClient(url, createReconnectStrategy(settings.connectAttempts, () => connectedOnce));
    const store = new RedisStore(client, logger.child({ component: 'redis-store' }), options.prefix ?? '', settings);
    store.watch(client, 'main');
    client.once('ready', () => (connectedOnce = true));
    client.on('ready', () => store.loadScripts());
    try {
      await client.connect();
    } catch (error) {
      client.destroy();
      throw new LockCareError('E_STORE', `Cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  /** Connect to a Redis Cluster through any of its nodes (`REDIS_CLUSTER_URLS`); fails with E_STORE when none answers. */
  static async connectCluster(urls: readonly string[], logger: Logger, options: RedisStoreOptions = {}): Promise<RedisStore> {
    const settings = { commandTimeoutMs: options.commandTimeoutMs ?? 5000, connectAttempts: options.connectAttempts ?? 5 };
    let connectedOnce = false;
    const cluster = openCluster(urls, createReconnectStrategy(settings.connectAttempts, () => connectedOnce));
    // The single-node client is never connected on a cluster; it only keeps the field's type.
    const store = new RedisStore(undefined as unknown as Client, logger.child({ component: 'redis-store', cluster: true }), options.prefix ?? '', settings);
    store.cluster = cluster;
    watchCluster(cluster, store.logger);
    try {
      await cluster.connect();
      connectedOnce = true;
    } catch (error) {
      cluster.destroy();
      throw new LockCareError('E_STORE', `Cannot reach the Redis Cluster at ${urls.map(redactUrl).join(', ')}: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  /** Log an outage once when it starts and once when it ends, not on every reconnect attempt. */
  private watch(client: Client, role: string): void {
    client.on('error', (error: Error) => {
      if (this.outage) return;
      this.outage = true;
      this.logger.warn({ err: error, role, code: 'E_STORE' }, 'lost the Redis connection; reconnecting');
    });
    client.on('ready', () => {
      if (!this.outage) return;
      this.outage = false;
      this.logger.info({ role }, 'reconnected to Redis');
    });
  }

  private key(key: string): string {
    return this.prefix + key;
  }

  /** Send one command; it fails when no reply arrives within the command timeout (a hung server). */
  private send<T extends Reply>(args: string[], timeoutMs = this.options.commandTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
      const pending = this.cluster ? this.cluster.sendCommand<T>(routingKey(args), isReadOnly(args), args) : this.client.sendCommand<T>(args);
      pending.then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private command<T extends Reply>(operation: string, args: string[]): Promise<T> {
    return this.send<T>(args).catch((error: unknown) => {
      throw toStoreError(operation, error);
    });
  }

  private async script<T extends Reply>(script: RedisScript, keys: string[], args: string[]): Promise<T> {
    const command = ['EVALSHA', script.sha, String(keys.length), ...keys, ...args];
    try {
      return await this.send<T>(command);
    } catch (error) {
      if (!(error instanceof ErrorReply && error.message.startsWith('NOSCRIPT'))) throw toStoreError(script.name, error);
      // Redis restarted (or flushed its script cache) since `loadScripts`: EVAL caches it again.
      command[0] = 'EVAL';
      command[1] = script.source;
      return this.command<T>(script.name, command);
    }
  }

  /** Load every script when a connection becomes ready, so turns do not start with NOSCRIPT round trips. */
  private loadScripts(): void {
    for (const script of Object.values(SCRIPTS)) {
      this.send(['SCRIPT', 'LOAD', script.source]).catch(() => undefined);
    }
  }

  async getVersioned(key: string): Promise<VersionedValue | null> {
    const [version, value] = await this.command<Array<string | null>>('getVersioned', ['HMGET', this.key(key), 'v', 'd']);
    return version && value !== null && value !== undefined ? { value, version: Number(version) } : null;
  }

  async compareAndSet(key: string, expectedVersion: number | null, value: string, ttlMs?: number): Promise<number | null> {
    const expected = expectedVersion === null ? '' : String(expectedVersion);
    return this.script<number | null>(SCRIPTS.compareAndSet, [this.key(key)], [expected, value, String(ttlMs ?? 0)]);
  }

  async claimAndGetVersioned(claimKey: string, claimTtlMs: number, key: string): Promise<{ claimed: boolean; current: VersionedValue | null }> {
    const [claimed, version, value] = await this.script<[number, string | null, string | null]>(
      SCRIPTS.claimAndGetVersioned,
      [this.key(claimKey), this.key(key)],
      [String(claimTtlMs)],
    );
    return { claimed: claimed === 1, current: version && value !== null ? { value, version: Number(version) } : null };
  }

  async compareAndSetWithAppend(key: string, expectedVersion: number | null, value: string, options: CompareAndSetAppendOptions): Promise<number | null> {
    const { ttlMs, append, claim } = options;
    const expected = expectedVersion === null ? '' : String(expectedVersion);
    return this.script<number | null>(
      SCRIPTS.compareAndSetWithAppend,
      claim ? [this.key(key), this.key(append.listKey), this.key(claim.key)] : [this.key(key), this.key(append.listKey)],
      [expected, value, String(ttlMs ?? 0), String(append.maxLength), String(claim?.ttlMs ?? 0), ...append.items],
    );
  }

  async get(key: string): Promise<string | null> {
    return this.command<string | null>('get', ['HGET', this.key(key), 'd']);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.script(SCRIPTS.set, [this.key(key)], [value, String(ttlMs ?? 0)]);
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    return (await this.script<number>(SCRIPTS.setIfAbsent, [this.key(key)], [value, String(ttlMs ?? 0)])) === 1;
  }

  async setMany(entries: ReadonlyArray<readonly [string, string]>, ttlMs?: number): Promise<void> {
    if (this.cluster) {
      // Keys of a bulk write lie in many slots: one single-key write each, many in flight.
      await runLimited(entries.map(([key, value]) => () => this.set(key, value, ttlMs)), BULK_PARALLEL * 16);
      return;
    }
    const tasks: Array<() => Promise<unknown>> = [];
    for (let start = 0; start < entries.length; start += BULK_CHUNK) {
      const chunk = entries.slice(start, start + BULK_CHUNK);
      const keys = chunk.map(([key]) => this.key(key));
      const values = chunk.map(([, value]) => value);
      tasks.push(() => this.script(SCRIPTS.setMany, keys, [String(ttlMs ?? 0), ...values]));
    }
    // Several chunks in flight at once keep the connection busy (pipelining) without one huge script.
    await runLimited(tasks, BULK_PARALLEL);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    if (this.cluster) return Promise.all(keys.map((key) => this.get(key)));
    const chunks: Array<Promise<Array<string | null>>> = [];
    for (let start = 0; start < keys.length; start += BULK_CHUNK) {
      chunks.push(this.script<Array<string | null>>(SCRIPTS.getMany, keys.slice(start, start + BULK_CHUNK).map((key) => this.key(key)), []));
    }
    return (await Promise.all(chunks)).flat();
  }

  async delete(key: string): Promise<boolean> {
    return (await this.command<number>('delete', ['DEL', this.key(key)])) > 0;
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.script<number>(SCRIPTS.deleteIfEquals, [this.key(key)], [value])) === 1;
  }

  async extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.script<number>(SCRIPTS.extendIfEquals, [this.key(key)], [value, String(ttlMs)])) === 1;
  }

  async ttl(key: string): Promise<number | null> {
    const remaining = await this.command<number>('ttl', ['PTTL', this.key(key)]);
    return remaining < 0 ? null : remaining;
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    return Number(await this.script<string>(SCRIPTS.increment, [this.key(key)], [String(by), String(ttlMs ?? 0)]));
  }

  async sortedAdd(key: string, member: string, score: number): Promise<void> {
    await this.command('sortedAdd', ['ZADD', this.key(key), formatScore(score), member]);
  }

  async sortedRangeByScore(key: string, maxScore: number, limit?: number): Promise<Array<{ member: string; score: number }>> {
    const args = ['ZRANGEBYSCORE', this.key(key), '-inf', formatScore(maxScore), 'WITHSCORES'];
    if (limit !== undefined && Number.isFinite(limit)) args.push('LIMIT', '0', String(limit));
    return pairs(await this.command<string[]>('sortedRangeByScore', args));
  }

  async sortedRemove(key: string, member: string): Promise<boolean> {
    return (await this.command<number>('sortedRemove', ['ZREM', this.key(key), member])) === 1;
  }

  async sortedScore(key: string, member: string): Promise<number | null> {
    const score = await this.command<string | null>('sortedScore', ['ZSCORE', this.key(key), member]);
    return score === null ? null : parseScore(score);
  }

  async sortedAll(key: string): Promise<Array<{ member: string; score: number }>> {
    return pairs(await this.command<string[]>('sortedAll', ['ZRANGE', this.key(key), '0', '-1', 'WITHSCORES']));
  }

  async listPush(key: string, values: string | readonly string[], maxLength?: number, ttlMs?: number): Promise<void> {
    const items = typeof values === 'string' ? [values] : values;
    if (items.length === 0) return;
    await this.script(SCRIPTS.listPush, [this.key(key)], [String(maxLength ?? 0), String(ttlMs ?? 0), ...items]);
  }

  async listRange(key: string, start = 0, stop = -1): Promise<string[]> {
    return this.command<string[]>('listRange', ['LRANGE', this.key(key), String(start), String(stop)]);
  }

  async setAdd(key: string, member: string): Promise<void> {
    await this.command('setAdd', ['SADD', this.key(key), member]);
  }

  async setRemove(key: string, member: string): Promise<boolean> {
    return (await this.command<number>('setRemove', ['SREM', this.key(key), member])) === 1;
  }

  async setMembers(key: string): Promise<string[]> {
    return this.command<string[]>('setMembers', ['SMEMBERS', this.key(key)]);
  }

  async publish(channel: string, message: string): Promise<number> {
    return Number(await this.command('publish', [this.cluster ? 'SPUBLISH' : 'PUBLISH', this.key(channel), message]));
  }

  /** node-redis subscribes again by itself after a reconnect. */
  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    const name = this.key(channel);
    const listener = (message: string) => handler(message);
    const cluster = this.cluster;
    if (cluster) {
      await cluster.sSubscribe(name, listener).catch((error: unknown) => {
        throw toStoreError('subscribe', error);
      });
      return async () => void (await cluster.sUnsubscribe(name, listener).catch(() => undefined));
    }
    const subscriber = await this.openSubscriber();
    await subscriber.subscribe(name, listener).catch((error: unknown) => {
      throw toStoreError('subscribe', error);
    });
    return async () => {
      if (subscriber.isOpen) await subscriber.unsubscribe(name, listener).catch(() => undefined);
    };
  }

  private openSubscriber(): Promise<Client> {
    this.subscriber ??= (async () => {
      let connectedOnce = false;
      const subscriber = this.client.duplicate({
        socket: { connectTimeout: 5000, reconnectStrategy: createReconnectStrategy(this.options.connectAttempts, () => connectedOnce) },
      });
      this.watch(subscriber, 'subscriber');
      subscriber.once('ready', () => (connectedOnce = true));
      try {
        await subscriber.connect();
      } catch (error) {
        subscriber.destroy();
        this.subscriber = undefined;
        throw toStoreError('subscribe', error);
      }
      return subscriber;
    })();
    return this.subscriber;
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    const pattern = `${(this.prefix + prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    const keys = await (this.cluster ? scanCluster(this.cluster, pattern) : scanNode((args) => this.send(args), pattern)).catch((error: unknown) => {
      throw toStoreError('keysWithPrefix', error);
    });
    return keys.map((key) => key.slice(this.prefix.length));
  }

  /** How this Redis persists data (`CONFIG GET appendonly` / `save`), or that CONFIG was refused. Never throws. */
  persistence(): Promise<RedisPersistence> {
    return readRedisPersistence((args) => this.send(args));
  }

  /** Never throws: false when Redis does not answer (for /readyz). */
  async ping(): Promise<boolean> {
    try {
      return (await this.send<string>(['PING'], Math.min(this.options.commandTimeoutMs, 1000))) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.cluster) {
      await this.cluster.close().catch(() => this.cluster?.destroy());
      return;
    }
    const subscriber = await this.subscriber?.catch(() => undefined);
    for (const client of [subscriber, this.client]) {
      if (!client?.isOpen) continue;
      if (client.isReady) await client.close().catch(() => client.destroy());
      else client.destroy();
    }
  }
}
