import type { TestProject } from 'vitest/node';
import { startTestRedis, type TestRedis } from './redis-server.js';

/**
 * One private redis-server for the whole test run; tests read its URL with
 * `inject('redisUrl')` (see test/helpers/redis.ts). Tests that restart Redis start their own.
 */
let redis: TestRedis | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  redis = await startTestRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
