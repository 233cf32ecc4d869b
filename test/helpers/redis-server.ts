import { hasRedisServerBinary, startRedisProcess, type RedisProcess } from '../../src/bench/redis-process.js';

export { freePort, hasRedisServerBinary } from '../../src/bench/redis-process.js';

/**
 * A private redis-server for tests, on a free port on 127.0.0.1, keeping nothing on disk
 * (the process handling lives in src/bench/redis-process.ts, shared with `lockcare bench`).
 * When the `redis-server` binary is missing, tests use REDIS_URL; with neither they fail
 * with a message saying how to get one (never a silent skip).
 */
export interface TestRedis extends RedisProcess {
  /** Only for servers this harness started. */
  readonly owned: boolean;
}

export async function startTestRedis(): Promise<TestRedis> {
  if (!hasRedisServerBinary()) {
    const url = process.env.REDIS_URL;
    if (!url) {
      throw new Error(
        'These tests need a real Redis. Install one (`apt-get install -y redis-server`, or `brew install redis`) so the tests can start their own, or set REDIS_URL=redis://127.0.0.1:6379 to use a running server.',
      );
    }
    const refuse = (): never => {
      throw new Error('Cannot restart, stop or freeze a Redis this harness did not start (REDIS_URL)');
    };
    const notOwned = async () => refuse();
    return {
      url,
      port: Number(new URL(url).port || 6379),
      owned: false,
      restart: notOwned,
      down: notOwned,
      up: notOwned,
      freeze: refuse,
      thaw: refuse,
      async stop() {},
    };
  }
  return { ...(await startRedisProcess()), owned: true };
}
