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
  store: { kind: 'redis' | 'redis-cluster' | 'memory'; up: boolean };
  /** Why this process is not ready although the store answers (the warranty registry is being reloaded, ...). */
  reasons?: string[];
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
    const reasons = await notReadyReasons(lockcare);
    return {
      status: storeUp && reasons.length === 0 ? 'ready' : 'unavailable',
      store: { kind: lockcare.config.redisClusterUrls ? 'redis-cluster' : lockcare.config.redisUrl ? 'redis' : 'memory', up: storeUp },
      channels: lockcare.supervisor.status(),
      ...(reasons.length > 0 ? { reasons } : {}),
      ...extra,
    };
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const storeUp = await lockcare.store.ping().catch(() => false);
    const ready = storeUp && (await notReadyReasons(lockcare)).length === 0;
    const channels = Object.fromEntries(Object.entries(lockcare.supervisor.status()).map(([name, { status }]) => [name, status]));
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', channels });
  });
}

/** What the features say keeps this process from taking traffic (see `FeatureSetup.notReady`). */
async function notReadyReasons(lockcare: Pick<StatusSource, 'features'>): Promise<string[]> {
  const reasons: string[] = [];
  for (const setup of lockcare.features) {
    const reason = await setup.notReady?.().catch(() => undefined);
    if (reason) reasons.push(reason);
  }
  return reasons;
}
