import { createHash } from 'node:crypto';
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * The one logger factory. Personal data (phone numbers, names, message text) is never logged
 * at info level: log conversation keys and ids, and put text only in debug lines.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'lockcare' },
    redact: { paths: ['phone', '*.phone', 'user.name', 'text', '*.text', 'password', '*.password', 'token'], censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that writes nothing (tests, benchmarks). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * How a conversation appears in logs: the channel and a short hash of its id. WhatsApp chat ids
 * are phone numbers, so the id itself never goes to the log; the hash still lets an operator
 * follow one conversation (`lockcare` prints the same hash for the same id every time).
 */
export function conversationLogRef(key: string): string {
  const split = key.indexOf(':');
  const channel = split >= 0 ? key.slice(0, split) : 'unknown';
  return `${channel}:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
