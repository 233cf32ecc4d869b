import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/handoff/audit-log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TestClock } from '../helpers/core-harness.js';

const DAY = 86_400_000;

describe('audit log', () => {
  it('is kept after the conversation transcript expires (ticket retention, not the conversation TTL), append-only and in order', async () => {
    const clock = new TestClock();
    const store = new MemoryStore(() => clock.now().getTime());
    const audit = new AuditLog(store, () => clock.now(), 90 * DAY);
    await store.listPush('transcript:web:c1', JSON.stringify({ text: 'my room number is 204' }), 500, 30 * DAY);
    await audit.record('LC-000001', { actor: 'maria', action: 'claim' });
    await audit.record('LC-000001', { actor: 'maria', action: 'reply', translated: true, model: 'm' });
    await audit.signIn('maria');
    clock.advance(31 * DAY);
    expect(await store.listRange('transcript:web:c1', 0, -1)).toEqual([]);
    expect((await audit.forTicket('LC-000001')).map((entry) => entry.action)).toEqual(['claim', 'reply']);
    expect((await audit.signIns()).map((entry) => entry.actor)).toEqual(['maria']);
    clock.advance(60 * DAY);
    expect(await audit.forTicket('LC-000001')).toEqual([]);
  });

  it('puts the sign-in behind an agent\'s actions on the ticket, once per session', async () => {
    const clock = new TestClock();
    const audit = new AuditLog(new MemoryStore(() => clock.now().getTime()), () => clock.now(), 90 * DAY);
    const first = { username: 'maria', createdAt: new Date(clock.now().getTime() - 60_000).toISOString() };
    await audit.record('LC-000002', { actor: 'maria', action: 'claim' }, first);
    await audit.record('LC-000002', { actor: 'maria', action: 'note' }, first);
    const second = { username: 'maria', createdAt: clock.now().toISOString() };
    await audit.record('LC-000002', { actor: 'maria', action: 'resolve' }, second);
    const entries = await audit.forTicket('LC-000002');
    expect(entries.map((entry) => entry.action)).toEqual(['sign-in', 'claim', 'note', 'sign-in', 'resolve']);
    expect(entries[0]!.at).toBe(first.createdAt);
    expect(entries[3]!.at).toBe(second.createdAt);
  });
});
