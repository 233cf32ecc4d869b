import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { TICKET_EVENTS_CHANNEL } from './ticket-types.js';

/**
 * The console's live stream: Server-Sent Events of every ticket change. Events come through the
 * store's pub/sub (Redis in production), so a change made by any process reaches every console.
 */
const openStreams = new WeakMap<FastifyInstance, Set<() => void>>();

/** End open streams when the server closes (they would keep it from closing). */
export function endStreamsOnClose(app: FastifyInstance): void {
  const streams = new Set<() => void>();
  openStreams.set(app, streams);
  app.addHook('preClose', async () => {
    for (const end of streams) end();
    streams.clear();
  });
}

export async function streamTicketEvents(app: FastifyInstance, store: Store, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(': ticket events\n\n');
  let sequence = 0;
  const unsubscribe = await store.subscribe(TICKET_EVENTS_CHANNEL, (message) => {
    sequence += 1;
    raw.write(`id: ${sequence}\nevent: ticket\ndata: ${message}\n\n`);
  });
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  const streams = openStreams.get(app);
  const close = () => {
    clearInterval(heartbeat);
    void unsubscribe();
  };
  const end = () => {
    close();
    raw.end();
  };
  streams?.add(end);
  request.raw.on('close', () => {
    streams?.delete(end);
    close();
  });
}
