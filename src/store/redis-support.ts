import { createClient } from 'redis';
import { LockCareError } from '../errors.js';

/** Connection settings and small helpers behind `RedisStore` (redis-store.ts). */

/** Keys per EVALSHA in `setMany` / `getMany`, and how many such calls are in flight at once. */
export const BULK_CHUNK = 1000;
export const BULK_PARALLEL = 8;
/** Commands waiting for a reply on one connection before new ones fail at once. */
export const COMMAND_QUEUE_MAX = 50_000;

export type Reply = string | number | null | Reply[];

export function openClient(url: string, reconnectStrategy: (retries: number) => number | Error) {
  return createClient({
    url,
    // RESP2 replies are plain strings, integers, nulls and arrays: what the scripts return.
    RESP: 2,
    // While Redis is down, fail commands at once instead of queueing them without bound.
    disableOfflineQueue: true,
    // A server that stops answering must not grow the queue without bound either.
    commandsQueueMaxLength: COMMAND_QUEUE_MAX,
    // node-redis only times out commands not yet written; RedisStore times the whole command
    // itself (see `send`), so its per-command AbortSignal would be pure cost.
    commandOptions: { timeout: 0 },
    socket: { connectTimeout: 5000, reconnectStrategy },
  });
}
export type Client = ReturnType<typeof openClient>;

/**
 * Exponential backoff from 50 ms to 2 s with jitter. Before the first successful connection it
 * gives up after `attempts` tries, so start-up fails with a clear error instead of waiting forever.
 */
export function createReconnectStrategy(attempts: number, isConnectedOnce: () => boolean) {
  return (retries: number): number | Error => {
    if (!isConnectedOnce() && retries >= attempts) return new Error(`gave up after ${retries} connection attempts`);
    return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 50);
  };
}

export function toStoreError(operation: string, error: unknown): LockCareError {
  if (error instanceof LockCareError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new LockCareError('E_STORE', `Redis ${operation} failed: ${reason}`, { cause: error });
}

export function formatScore(score: number): string {
  return score === Infinity ? '+inf' : score === -Infinity ? '-inf' : String(score);
}

export function parseScore(raw: string): number {
  return raw === 'inf' || raw === '+inf' ? Infinity : raw === '-inf' ? -Infinity : Number(raw);
}

export function pairs(flat: string[]): Array<{ member: string; score: number }> {
  const result: Array<{ member: string; score: number }> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) result.push({ member: flat[i]!, score: parseScore(flat[i + 1]!) });
  return result;
}

/** Run `tasks` with at most `parallel` in flight. */
export async function runLimited(tasks: Array<() => Promise<unknown>>, parallel: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(parallel, tasks.length) }, worker));
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid REDIS_URL>';
  }
}
