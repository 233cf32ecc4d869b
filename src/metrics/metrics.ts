import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (`GET /metrics`, see metrics-route.ts). Counters and
 * histograms are process-wide: code anywhere records with the small functions below, without
 * a handle passed around. Figures that belong to one LockCare instance (open tickets, channel
 * states, registry rows) are read at scrape time by the route instead.
 *
 * Names follow Prometheus conventions: `lockcare_` prefix, `_total` counters, `_seconds` units.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'lockcare_process_' });

export type TurnOutcome = 'answered' | 'duplicate' | 'failed';

const turns = new Counter({
  name: 'lockcare_turns_total',
  help: 'Inbound messages handled, by channel and outcome (answered, duplicate, failed)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [metricsRegistry],
});

const turnSeconds = new Histogram({
  name: 'lockcare_turn_duration_seconds',
  help: 'Time to handle one inbound message (load state, dialogs, save), by channel',
  labelNames: ['channel'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const storeSeconds = new Histogram({
  name: 'lockcare_store_call_duration_seconds',
  help: 'Store (Redis or memory) call latency, by operation',
  labelNames: ['operation'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [metricsRegistry],
});

const storeErrors = new Counter({
  name: 'lockcare_store_errors_total',
  help: 'Store calls that failed, by operation',
  labelNames: ['operation'] as const,
  registers: [metricsRegistry],
});

const slaNotices = new Counter({
  name: 'lockcare_sla_notices_total',
  help: 'SLA notices fired: level is warning (50% or 80% of the reply time used) or breach',
  labelNames: ['level'] as const,
  registers: [metricsRegistry],
});

const faqSearches = new Counter({
  name: 'lockcare_faq_searches_total',
  help: 'FAQ searches, by whether any topic matched confidently (confident="false": the bot had to ask or suggest)',
  labelNames: ['confident'] as const,
  registers: [metricsRegistry],
});

let retriesPendingSource: (() => Promise<number> | number) | undefined;
const outboundRetriesPending = new Gauge({
  name: 'lockcare_outbound_retries_pending',
  help: 'Outbound channel sends waiting to be retried',
  registers: [metricsRegistry],
  async collect() {
    if (!retriesPendingSource) return;
    const value = await Promise.resolve(retriesPendingSource()).catch(() => undefined);
    if (value !== undefined && Number.isFinite(value)) this.set(value);
  },
});

export function recordTurn(channel: string, outcome: TurnOutcome, seconds: number): void {
  turns.inc({ channel, outcome });
  if (outcome !== 'duplicate') turnSeconds.observe({ channel }, seconds);
}

export function recordStoreCall(operation: string, seconds: number, failed: boolean): void {
  storeSeconds.observe({ operation }, seconds);
  if (failed) storeErrors.inc({ operation });
}

export function recordSlaNotice(level: 'warning' | 'breach'): void {
  slaNotices.inc({ level });
}

export function recordFaqSearch(confident: boolean): void {
  faqSearches.inc({ confident: String(confident) });
}

/**
 * For the outbound retry queue: either set the number of sends waiting to be retried whenever
 * it changes, or register a source that is read at each scrape (e.g. the length of the queue in
 * the store, which every process shares). A registered source wins over `set`.
 */
export const outboundRetries = {
  set(count: number): void {
    outboundRetriesPending.set(count);
  },
  measureWith(source: (() => Promise<number> | number) | undefined): void {
    retriesPendingSource = source;
  },
};
