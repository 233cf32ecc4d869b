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
