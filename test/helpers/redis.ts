import { inject } from 'vitest';

/** URL of the run's private redis-server (started in global-setup). Use a distinct key prefix or db per test file. */
export function testRedisUrl(db = 0): string {
  const url = new URL(inject('redisUrl'));
  if (db > 0) url.pathname = `/${db}`;
  return url.toString();
}
