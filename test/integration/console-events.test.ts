import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import type { TicketEvent } from '../../src/handoff/ticket-types.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { testRedisUrl } from '../helpers/redis.js';

/**
 * Two LockCare processes on one Redis: a customer escalates on process A, and a console
 * connected to process B's event stream sees the ticket appear and change.
 */
const PASSWORD = 'stream-password-1';
let dir: string;
let processA: Awaited<ReturnType<typeof createTestApp>>;
let processB: Awaited<ReturnType<typeof createTestApp>>;
let urlB: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-events-'));
  const agentsFile = join(dir, 'agents.json');
  writeAgentsFile(agentsFile, [{ username: 'maria', role: 'agent', passwordHash: await hashPassword(PASSWORD) }]);
  const prefix = `events-${randomUUID()}:`;
  const connect = () => RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
  processA = await createTestApp({ AGENTS_FILE: agentsFile }, { store: await connect() });
  processB = await createTestApp({ AGENTS_FILE: agentsFile }, { store: await connect() });
  urlB = await processB.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await processA.close();
  await processB.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Read server-sent `ticket` events until `until` says stop. */
async function collectEvents(response: Response, until: (events: TicketEvent[]) => boolean): Promise<TicketEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: TicketEvent[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (block.includes('event: ticket') && data) events.push(JSON.parse(data.slice(6)) as TicketEvent);
    }
  }
  await reader.cancel();
  return events;
}

describe('console event stream', () => {
  it('refuses a stream without a session', async () => {
    const response = await fetch(`${urlB}/api/agent/events`);
    expect(response.status).toBe(401);
  });

  it('carries ticket changes made by another process', async () => {
    const login = await fetch(`${urlB}/api/agent/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maria', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await fetch(`${urlB}/api/agent/events`, { headers: { cookie } });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Two consoles on process B see the same events.
    const second = await fetch(`${urlB}/api/agent/events`, { headers: { cookie } });

    const conversation = await openWebConversation(processA.app);
    await conversation.post({ text: 'hablar con una persona' });
    const ticketId = ((await processA.lockcare.core.getState(`web:${conversation.conversationId}`))?.ticketId)!;
    const claim = await fetch(`${urlB}/api/agent/tickets/${ticketId}/claim`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(claim.status).toBe(200);

    const wanted = (events: TicketEvent[]) => events.some((event) => event.type === 'ticket.claimed');
    const [first, other] = await Promise.all([collectEvents(stream, wanted), collectEvents(second, wanted)]);
    for (const events of [first, other]) {
      expect(events.map((event) => [event.type, event.ticket.id])).toEqual([
        ['ticket.created', ticketId],
        ['ticket.claimed', ticketId],
      ]);
      expect(events[0]!.ticket).toMatchObject({ status: 'open', language: 'es', channel: 'web' });
      expect(events[1]!.ticket).toMatchObject({ status: 'assigned', assignedTo: 'maria' });
    }
  });
});
