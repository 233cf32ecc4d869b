import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { streamEvents } from '../http/event-stream.js';
import { TICKET_EVENTS_CHANNEL } from './ticket-types.js';

/**
 * The console's live stream: Server-Sent Events of every ticket change. Events come through the
 * store's pub/sub (Redis in production), so a change made by any process reaches every console.
 */
export { endEventStreamsOnClose as endStreamsOnClose } from '../http/event-stream.js';

/** Open console streams allowed per agent (a few windows); 429 beyond. */
export const STREAMS_PER_AGENT = 10;

export async function streamTicketEvents(app: FastifyInstance, store: Store, request: FastifyRequest, reply: FastifyReply, username: string): Promise<void> {
  await streamEvents(app, store, request, reply, {
    caps: [{ key: `agent:${username}`, max: STREAMS_PER_AGENT }],
    topic: TICKET_EVENTS_CHANNEL,
    greeting: 'ticket events',
    frame: (_message, sequence) => ({ id: String(sequence), event: 'ticket' }),
  });
}
