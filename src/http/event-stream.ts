import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';

/**
 * Server-Sent Events fed by the store's pub/sub, so a message published by any process reaches
 * every open stream (the web chat's agent replies, the console's ticket events). Streams send a
 * comment every 15 s to keep proxies from closing them, and end when the server closes.
 */
const openStreams = new WeakMap<FastifyInstance, Set<() => void>>();
/** Open streams per cap key (`web-conversation:<id>`, `web-address:<ip>`, `agent:<name>`), per app. */
const streamCounts = new WeakMap<FastifyInstance, Map<string, number>>();

/** Register once per app: open streams would otherwise keep the server from closing. */
export function endEventStreamsOnClose(app: FastifyInstance): void {
  if (openStreams.has(app)) return;
  const streams = new Set<() => void>();
  openStreams.set(app, streams);
  app.addHook('preClose', async () => {
    for (const end of streams) end();
    streams.clear();
  });
}

export interface EventStreamOptions {
  /** The pub/sub channel to relay. */
  topic: string;
  /** First line sent, as an SSE comment. */
  greeting: string;
  /** The SSE event for one published message: its `id:` and `event:` lines. */
  frame(message: string, sequence: number): { id: string; event: string };
  /**
   * Caps on open streams in this process: with `max` streams already open under a `key`, the
   * request gets 429 (E_RATE_LIMITED) and no stream. Each stream counts under every key given.
   */
  caps?: ReadonlyArray<{ key: string; max: number }>;
}

export async function streamEvents(app: FastifyInstance, store: Store, request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): Promise<void> {
  const counts = streamCounts.get(app) ?? new Map<string, number>();
  streamCounts.set(app, counts);
  const caps = options.caps ?? [];
  if (caps.some(({ key, max }) => (counts.get(key) ?? 0) >= max)) {
    await reply.status(429).header('retry-after', '30').send({ error: { code: 'E_RATE_LIMITED', message: 'Too many open event streams' } });
    return;
  }
  for (const { key } of caps) counts.set(key, (counts.get(key) ?? 0) + 1);
  let counted = true;
  const uncount = () => {
    if (!counted) return;
    counted = false;
    for (const { key } of caps) {
      const left = (counts.get(key) ?? 1) - 1;
      if (left > 0) counts.set(key, left);
      else counts.delete(key);
    }
  };
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`: ${options.greeting}\n\n`);
  // Listen for the client going away before subscribing: one that leaves while the subscription
  // is being set up must not leave it (and its heartbeat) running for good.
  let gone = false;
  let unsubscribe: (() => Promise<void>) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const streams = openStreams.get(app);
  const close = () => {
    gone = true;
    uncount();
    if (heartbeat) clearInterval(heartbeat);
    void unsubscribe?.();
  };
  const end = () => {
    close();
    raw.end();
  };
  request.raw.on('close', () => {
    streams?.delete(end);
    close();
  });
  let sequence = 0;
  try {
    unsubscribe = await store.subscribe(options.topic, (message) => {
      sequence += 1;
      const { id, event } = options.frame(message, sequence);
      raw.write(`id: ${id}\nevent: ${event}\ndata: ${message}\n\n`);
    });
  } catch (error) {
    end();
    throw error;
  }
  if (gone) {
    await unsubscribe();
    return;
  }
  heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  streams?.add(end);
}
