import type { Logger } from '../logger.js';

/** What `CONFIG GET appendonly` and `CONFIG GET save` said, or that the server refused CONFIG. */
export type RedisPersistence = { refused: true; reason: string } | { refused: false; appendonly: boolean; save: string };

/** Ask Redis how it persists data. `send` runs one command (RedisStore's own connection). */
export async function readRedisPersistence(send: (args: string[]) => Promise<unknown>): Promise<RedisPersistence> {
  try {
    const appendonly = await send(['CONFIG', 'GET', 'appendonly']);
    const save = await send(['CONFIG', 'GET', 'save']);
    const value = (reply: unknown) => (Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : '');
    return { refused: false, appendonly: value(appendonly) === 'yes', save: value(save).trim() };
  } catch (error) {
    // Managed services (ElastiCache, Memorystore, Azure Cache) often rename or forbid CONFIG.
    return { refused: true, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Log once, at start-up, what a Redis restart would cost. Without AOF or RDB snapshots a restart
 * loses every conversation, ticket and SLA timer (the warranty registry is re-imported from its
 * file); with snapshots only, the writes since the last snapshot.
 */
export function reportRedisPersistence(persistence: RedisPersistence, logger: Logger): void {
  if (persistence.refused) {
    logger.warn(
      { reason: persistence.reason },
      'could not check whether Redis persists data (CONFIG GET was refused, as on many managed services): make sure it runs with AOF (appendonly yes), or a restart loses every conversation, ticket and SLA timer',
    );
    return;
  }
  if (persistence.appendonly) {
    logger.info({ appendonly: true, save: persistence.save }, 'Redis persists data (AOF)');
    return;
  }
  if (persistence.save) {
    logger.warn(
      { appendonly: false, save: persistence.save },
      'Redis keeps only RDB snapshots: a restart loses everything written since the last snapshot (conversation turns, ticket changes, SLA timers); set appendonly yes',
    );
    return;
  }
  logger.warn(
    { appendonly: false, save: '' },
    'Redis does not persist data (appendonly no, save ""): a Redis restart loses every conversation, ticket and SLA timer; set appendonly yes',
  );
}
