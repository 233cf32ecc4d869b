import type { FastifyInstance } from 'fastify';
import type { ChannelSupervisor } from '../channels/channel-supervisor.js';
import type { Config } from '../config.js';
import type { FeatureSetup } from '../setup-context.js';
import type { Store } from '../store/store.js';

/** What the status routes read of a LockCare instance (a subset of `LockCare` in app.ts). */
export interface StatusSource {
  config: Config;
  store: Store;
  features: FeatureSetup[];
  supervisor: ChannelSupervisor;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Everything /readyz used to tell anyone: store kind, channel errors, ticket and registry counts (admins only). */
    readinessDetail(): Promise<ReadinessDetail>;
  }
}

export interface ReadinessDetail {
  status: 'ready' | 'unavailable';
  store: { kind: 'redis' | 'memory'; up: boolean };
  channels: ReturnType<ChannelSupervisor['status']>;
  [feature: string]: unknown;
}

/**
 * `GET /healthz` (the process is up) and `GET /readyz` (200 ready / 503 not ready). An anonymous
 * caller learns only that and each channel's state; counts of tickets and registry rows, the
 * store's kind and channel errors are for admins (`GET /api/agent/status`) and metrics.
 */
export function registerStatusRoutes(app: FastifyInstance, lockcare: StatusSource): void {
  app.decorate('readinessDetail', async (): Promise<ReadinessDetail> => {
    const storeUp = await lockcare.store.ping().catch(() => false);
    const extra: Record<string, unknown> = {};
    for (const setup of lockcare.features) Object.assign(extra, (await setup.ready?.().catch(() => ({}))) ?? {});
    return {
      status: storeUp ? 'ready' : 'unavailable',
      store: { kind: lockcare.config.redisUrl ? 'redis' : 'memory', up: storeUp },
      channels: lockcare.supervisor.status(),
      ...extra,
    };
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const storeUp = await lockcare.store.ping().catch(() => false);
    const channels = Object.fromEntries(Object.entries(lockcare.supervisor.status()).map(([name, { status }]) => [name, status]));
    return reply.status(storeUp ? 200 : 503).send({ status: storeUp ? 'ready' : 'unavailable', channels });
  });
}
