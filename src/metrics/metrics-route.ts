import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { StatusSource } from '../http/status-routes.js';
import type { TicketService } from '../handoff/ticket-service.js';
import { metricsRegistry } from './metrics.js';

const CHANNEL_STATES = ['starting', 'up', 'retrying', 'stopped'] as const;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

function findTickets(lockcare: StatusSource): TicketService | undefined {
  for (const setup of lockcare.features) {
    const tickets = (setup as { tickets?: unknown }).tickets;
    if (tickets && typeof (tickets as TicketService).listOpen === 'function') return tickets as TicketService;
  }
  return undefined;
}

/** Gauges read from this LockCare instance at each scrape. */
function instanceRegistry(lockcare: StatusSource): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'lockcare_open_tickets',
    help: 'Tickets waiting for or held by an agent, by priority',
    labelNames: ['priority'] as const,
    registers: [registry],
    async collect() {
      const tickets = findTickets(lockcare);
      // The store down: no figure rather than a stale one (lockcare_store_up says why).
      const open = await tickets?.listOpen().catch(() => undefined);
      this.reset();
      if (!open) return;
      for (const priority of ['normal', 'urgent'] as const) this.set({ priority }, open.filter((ticket) => ticket.priority === priority).length);
    },
  });
  new Gauge({
    name: 'lockcare_channel_state',
    help: 'Each channel\'s state: 1 for the state it is in, 0 for the others',
    labelNames: ['channel', 'state'] as const,
    registers: [registry],
    collect() {
      for (const [channel, { status }] of Object.entries(lockcare.supervisor.status())) {
        for (const state of CHANNEL_STATES) this.set({ channel, state }, status === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'lockcare_store_up',
    help: '1 when the store (Redis or memory) answers a ping',
    registers: [registry],
    async collect() {
      this.set((await lockcare.store.ping().catch(() => false)) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'lockcare_registry_rows',
    help: 'Rows in the warranty product registry',
    registers: [registry],
    async collect() {
      this.reset();
      for (const setup of lockcare.features) {
        const ready = (await setup.ready?.().catch(() => undefined)) as { warranty?: { registryRows?: number } } | undefined;
        if (typeof ready?.warranty?.registryRows === 'number') this.set(ready.warranty.registryRows);
      }
    },
  });
  return registry;
}

/**
 * `GET /metrics` in Prometheus text format, only when METRICS_TOKEN is set, and only for a
 * scraper that sends it as a bearer token (401 otherwise). Unset: no route (404).
 */
export function registerMetricsRoute(app: FastifyInstance, lockcare: StatusSource): void {
  const token = lockcare.config.metrics.token;
  if (!token) return;
  const local = instanceRegistry(lockcare);
  app.get('/metrics', async (request, reply) => {
    if (!hasBearerToken(request.headers.authorization, token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: { code: 'E_UNAUTHORIZED', message: 'Send the METRICS_TOKEN as a bearer token' } });
    }
    const body = `${await metricsRegistry.metrics()}\n${await local.metrics()}`;
    return reply.header('content-type', metricsRegistry.contentType).header('cache-control', 'no-store').send(body);
  });
}
