import { createCluster } from 'redis';
import type { Logger } from '../logger.js';
import { COMMAND_QUEUE_MAX } from './redis-support.js';

/**
 * Redis Cluster support for `RedisStore` (REDIS_CLUSTER_URLS). node-redis's cluster client routes
 * each command to the master of its first key's slot, so the store only has to say which argument
 * is the key. Multi-key scripts need their keys in one slot: callers put a hash tag in them
 * (`conv:{web:abc}` and `transcript:{web:abc}`, see conversation-core.ts). Pub/sub is sharded
 * (SPUBLISH / SSUBSCRIBE), so PUBLISH's count of receivers covers every subscriber of the channel,
 * not only those connected to one node. https://redis.io/docs/latest/develop/interact/pubsub/#sharded-pubsub
 */
export function openCluster(urls: readonly string[], reconnectStrategy: (retries: number) => number | Error) {
  return createCluster({
    rootNodes: urls.map((url) => ({ url })),
    RESP: 2,
    commandOptions: { timeout: 0 },
    defaults: {
      disableOfflineQueue: true,
      commandsQueueMaxLength: COMMAND_QUEUE_MAX,
      socket: { connectTimeout: 5000, reconnectStrategy },
    },
  });
}
export type ClusterClient = ReturnType<typeof openCluster>;

/** Commands that name no key: any node answers them. */
const KEYLESS = new Set(['PING', 'SCAN', 'CONFIG', 'SCRIPT', 'INFO', 'DBSIZE']);
/** Commands that only read (may go to a replica when replicas are used). */
const READS = new Set(['HGET', 'HMGET', 'PTTL', 'ZRANGEBYSCORE', 'ZRANGE', 'ZSCORE', 'LRANGE', 'SMEMBERS', 'EXISTS']);

/** The key that decides a command's slot: the first key of EVAL/EVALSHA, else the first argument. */
export function routingKey(args: readonly string[]): string | undefined {
  const name = args[0]!.toUpperCase();
  if (KEYLESS.has(name)) return undefined;
  if (name === 'EVAL' || name === 'EVALSHA') return Number(args[2]) > 0 ? args[3] : undefined;
  return args[1];
}

export function isReadOnly(args: readonly string[]): boolean {
  return READS.has(args[0]!.toUpperCase());
}

/** SCAN one node for keys matching `pattern` (`send` runs a command on it). */
export async function scanNode(send: (args: string[]) => Promise<unknown>, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = (await send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000'])) as [string, string[]];
    cursor = next;
    for (const key of keys) found.add(key);
  } while (cursor !== '0');
  return [...found];
}

/** SCAN every master for keys matching `pattern`. */
export async function scanCluster(cluster: ClusterClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const master of cluster.masters) {
    const node = await cluster.nodeClient(master);
    found.push(...(await scanNode((args) => node.sendCommand(args), pattern)));
  }
  return found;
}

/** Log a node's outage once when it starts and once when it ends, not on every reconnect attempt. */
export function watchCluster(cluster: ClusterClient, logger: Logger): void {
  let outage = false;
  cluster.on('error', (error: Error) => logger.warn({ err: error, code: 'E_STORE' }, 'Redis Cluster error'));
  cluster.on('node-error', (error: Error) => {
    if (outage) return;
    outage = true;
    logger.warn({ err: error, code: 'E_STORE' }, 'lost the connection to a Redis Cluster node; reconnecting');
  });
  cluster.on('node-ready', () => {
    if (!outage) return;
    outage = false;
    logger.info('reconnected to the Redis Cluster node');
  });
}
