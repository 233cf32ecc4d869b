import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MemoryStore } from './memory-store.js';
import type { Store } from './store.js';

/** `REDIS_CLUSTER_URLS` → RedisStore on the cluster; `REDIS_URL` → RedisStore; neither → the embedded MemoryStore. */
export async function createStore(config: Pick<Config, 'redisUrl' | 'redisClusterUrls'>, logger: Logger): Promise<Store> {
  if (config.redisClusterUrls) {
    const { RedisStore } = await import('./redis-store.js');
    const { reportRedisPersistence } = await import('./redis-persistence.js');
    const store = await RedisStore.connectCluster(config.redisClusterUrls, logger);
    reportRedisPersistence(await store.persistence(), logger.child({ component: 'redis-store' }));
    return store;
  }
  if (!config.redisUrl) {
    logger.info({ store: 'memory' }, 'using the in-memory store (set REDIS_URL for Redis)');
    return new MemoryStore();
  }
  const { RedisStore } = await import('./redis-store.js');
  const { reportRedisPersistence } = await import('./redis-persistence.js');
  const store = await RedisStore.connect(config.redisUrl, logger);
  reportRedisPersistence(await store.persistence(), logger.child({ component: 'redis-store' }));
  return store;
}
