import { buildApp, createLockCare, type LockCare, type LockCareOverrides } from './app.js';
import type { Config } from './config.js';
import type { FastifyInstance } from 'fastify';

export interface RunningServer {
  lockcare: LockCare;
  app: FastifyInstance;
  url: string;
  /** Stop accepting requests, finish in-flight turns, stop channels, close the store. */
  close(): Promise<void>;
}

/** Build and listen on HOST:PORT. Used by `lockcare start` and by tests on a real port. */
export async function startServer(config: Config, overrides: LockCareOverrides = {}): Promise<RunningServer> {
  const lockcare = await createLockCare(config, overrides);
  const app = await buildApp(lockcare);
  const address = await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? address.replace('[::1]', 'localhost');
  await lockcare.start();
  let closing: Promise<void> | undefined;
  return {
    lockcare,
    app,
    url,
    close() {
      closing ??= (async () => {
        // Connections that finish their in-flight request stay open with keep-alive and would
        // hold the server open: keep closing idle ones until the server is closed.
        const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(sweeper);
        }
        await lockcare.close();
      })();
      return closing;
    },
  };
}
