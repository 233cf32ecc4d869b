import { loadConfig } from '../../config.js';
import { startServer } from '../../server.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare start

Runs the LockCare server: the web chat at /, the agent console at /console, and every channel
named in CHANNELS. With no configuration it runs the embedded default: in-memory store, web
chat and console, sample data, no keys and no Redis. See .env.example for every variable.
Stops gracefully on SIGTERM or Ctrl-C, finishing the turns in flight.`;

export async function run(_args: string[], io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const server = await startServer(config);
  const { lockcare } = server;
  const lines = [
    '',
    `  LockCare is running: ${server.url}/`,
    `  Store: ${config.redisUrl ? 'Redis' : 'in-memory (set REDIS_URL for Redis)'} · Channels: ${config.channels.join(', ')}`,
    ...lockcare.features.flatMap((setup) => setup.banner?.() ?? []).map((line) => `  ${line}`),
    '  Press Ctrl-C to stop.',
    '',
  ];
  io.stdout.write(`${lines.join('\n')}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      lockcare.logger.info({ signal }, 'shutting down: finishing in-flight turns');
      const force = setTimeout(() => {
        lockcare.logger.error('shutdown took longer than 20 s; exiting');
        resolve(1);
      }, 20_000);
      force.unref();
      server
        .close()
        .then(() => resolve(0))
        .catch((error: unknown) => {
          lockcare.logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        })
        .finally(() => clearTimeout(force));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
