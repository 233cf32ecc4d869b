import { describe, expect, it } from 'vitest';
import type { Dialog } from '../../src/core/dialog.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createTestCore, TestClock, texts } from '../helpers/core-harness.js';

/** A troubleshoot dialog whose first turn never finishes, as if its process died mid-turn. */
const hanging: Dialog = { id: 'troubleshoot', begin: () => new Promise<void>(() => undefined), continue() {} };
const message = (conversationId: string, platformMessageId: string, text = 'the door of room 305 will not open') => ({
  channel: 'web' as const,
  conversationId,
  user: { id: conversationId },
  platformMessageId,
  content: { type: 'text' as const, text },
});

describe('dropping duplicate deliveries', () => {
  it('the same message id in two different conversations is two messages', async () => {
    const { core } = createTestCore();
    const first = await core.handle(message('alice', 'm1', 'hello'));
    const second = await core.handle(message('bob', 'm1', 'hola'));
    expect(second.duplicate).toBe(false);
    expect(texts(second.outbound).length).toBeGreaterThan(0);
    expect(texts(first.outbound)[0]).not.toBe(texts(second.outbound)[0]);
  });

  it("a retry after a process died mid-turn is answered once the turn's lease has run out", async () => {
    const clock = new TestClock();
    const store = new MemoryStore(() => clock.now().getTime());
    const dying = createTestCore({ store, clock, features: [{ name: 'hang', dialogs: [hanging] }] }).core;
    void dying.handle(message('carol', 'm7'));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const survivor = createTestCore({ store, clock }).core;
    expect((await survivor.handle(message('carol', 'm7'))).duplicate).toBe(true);
    clock.advance(61_000);
    const retry = await survivor.handle(message('carol', 'm7'));
    expect(retry.duplicate).toBe(false);
    expect(retry.outbound.length).toBeGreaterThan(0);
    // Once a turn is saved, the id is remembered for the whole dedupe period, not just the lease.
    clock.advance(3_600_000);
    expect((await survivor.handle(message('carol', 'm7'))).duplicate).toBe(true);
  });
});
