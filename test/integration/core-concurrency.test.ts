import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialog, Feature } from '../../src/core/dialog.js';
import type { InboundMessage } from '../../src/core/types.js';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestCore, testTranslator, texts } from '../helpers/core-harness.js';
import { testRedisUrl } from '../helpers/redis.js';

/**
 * A root dialog that writes down every message it sees in the conversation state and echoes
 * the list, so a lost update shows as a missing note. `hooks.beforeNote` lets a test hold a turn
 * between reading the state and saving it, and make a turn fail.
 */
interface Hooks {
  beforeNote?: (text: string) => Promise<void> | void;
}
function notesFeature(hooks: Hooks): Feature {
  const note = async (ctx: Parameters<Dialog['continue']>[0]) => {
    await hooks.beforeNote?.(ctx.input.text);
    const notes = Array.isArray(ctx.state.facts.notes) ? (ctx.state.facts.notes as string[]) : [];
    ctx.state.facts.notes = [...notes, ctx.input.text];
    ctx.say(`notes: ${(ctx.state.facts.notes as string[]).join(', ')}`);
  };
  const dialog: Dialog = { id: 'main-menu', begin: note, continue: note };
  return { name: 'notes', dialogs: [dialog] };
}

function message(conversationId: string, platformMessageId: string, text: string): InboundMessage {
  return { channel: 'web', conversationId, user: { id: `u-${conversationId}` }, platformMessageId, content: { type: 'text', text } };
}

/** Resolves for everyone once `count` callers are waiting; later callers pass straight through. */
function barrier(count: number) {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    arrived += 1;
    if (arrived === count) open();
    if (arrived <= count) await opened;
  };
}

interface StorePair {
  /** Two handles on one store, as two LockCare processes would have. */
  first: Store;
  second: Store;
  close(): Promise<void>;
}

const backends: Array<[string, () => Promise<StorePair>]> = [
  [
    'MemoryStore',
    async () => {
      const store = new MemoryStore();
      return { first: store, second: store, close: () => store.close() };
    },
  ],
  [
    'RedisStore',
    async () => {
      const prefix = `core-concurrency:${randomUUID()}:`;
      const first = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
      const second = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix });
      return { first, second, close: async () => void (await Promise.all([first.close(), second.close()])) };
    },
  ],
];

describe.each(backends)('conversation core on %s', (_name, openStores) => {
  let stores: StorePair | undefined;
  afterEach(async () => {
    await stores?.close();
    stores = undefined;
  });

  it('answers a platform message id once; the redelivery is a duplicate with nothing to send', async () => {
    stores = await openStores();
    const { core } = createTestCore({ store: stores.first });
    const first = await core.handle(message('dup', 'wamid-1', 'hello'));
    expect(first.duplicate).toBe(false);
    expect(texts(first.outbound).join('\n')).toContain(testTranslator().t('en', 'menu.greeting'));
    const again = await core.handle(message('dup', 'wamid-1', 'hello'));
    expect(again).toEqual({ duplicate: true, outbound: [] });
    const customerLines = (await core.transcript('web:dup')).filter((entry) => entry.from === 'customer');
    expect(customerLines.map((entry) => entry.text)).toEqual(['hello']);
  });

  it('answers a message delivered to two processes at the same moment exactly once', async () => {
    stores = await openStores();
    const a = createTestCore({ store: stores.first }).core;
    const b = createTestCore({ store: stores.second }).core;
    const results = await Promise.all([a.handle(message('race', 'wamid-2', 'hola')), b.handle(message('race', 'wamid-2', 'hola'))]);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(results.filter((result) => result.duplicate && result.outbound.length === 0)).toHaveLength(1);
    expect((await a.transcript('web:race')).filter((entry) => entry.from === 'customer')).toHaveLength(1);
  });

  it('two processes taking turns on one conversation at once lose no update', async () => {
    stores = await openStores();
    const hooks: Hooks = {};
    let dialogRuns = 0;
    const a = createTestCore({ store: stores.first, features: [notesFeature(hooks)] }).core;
    const b = createTestCore({ store: stores.second, features: [notesFeature(hooks)] }).core;
    await a.handle(message('shared', 'p-0', 'start'));

    // Both turns read the same state and hold until the other has read it too, then both save.
    const bothRead = barrier(2);
    hooks.beforeNote = async () => {
      dialogRuns += 1;
      await bothRead();
    };
    const [fromA, fromB] = await Promise.all([a.handle(message('shared', 'p-a', 'alpha')), b.handle(message('shared', 'p-b', 'beta'))]);

    const state = await b.getState('web:shared');
    expect([...(state!.facts.notes as string[])].sort()).toEqual(['alpha', 'beta', 'start']);
    // The turn that lost the race ran again on the winner's state, and its reply shows both notes.
    expect(dialogRuns).toBe(3);
    const replies = [...texts(fromA.outbound), ...texts(fromB.outbound)];
    expect(replies.some((text) => text.includes('alpha') && text.includes('beta'))).toBe(true);
    const customerLines = (await a.transcript('web:shared')).filter((entry) => entry.from === 'customer').map((entry) => entry.text);
    expect(customerLines.sort()).toEqual(['alpha', 'beta', 'start']);
  });

  it('keeps one process\'s messages for a conversation in arrival order', async () => {
    stores = await openStores();
    const { core } = createTestCore({ store: stores.first, features: [notesFeature({})] });
    const words = ['one', 'two', 'three', 'four', 'five', 'six'];
    await Promise.all(words.map((word, i) => core.handle(message('ordered', `o-${i}`, word))));
    expect((await core.getState('web:ordered'))!.facts.notes).toEqual(words);
  });

  it('a failed turn apologises and keeps the message, so the platform retry of the same id is answered', async () => {
    stores = await openStores();
    let failures = 1;
    const hooks: Hooks = {
      beforeNote: (text) => {
        if (text === 'my lock blinks red' && failures-- > 0) throw new Error('dialog crashed');
      },
    };
    const { core } = createTestCore({ store: stores.first, features: [notesFeature(hooks)] });
    await core.handle(message('flaky', 'f-0', 'start'));
    const failed = await core.handle(message('flaky', 'f-1', 'my lock blinks red'));
    expect(failed.duplicate).toBe(false);
    expect(texts(failed.outbound)).toEqual([testTranslator().t('en', 'common.turnFailed')]);
    expect((await core.getState('web:flaky'))!.facts.notes).toEqual(['start']);

    const retried = await core.handle(message('flaky', 'f-1', 'my lock blinks red'));
    expect(retried.duplicate).toBe(false);
    expect(texts(retried.outbound)).toEqual(['notes: start, my lock blinks red']);
    expect((await core.getState('web:flaky'))!.facts.notes).toEqual(['start', 'my lock blinks red']);
    const customerLines = (await core.transcript('web:flaky')).filter((entry) => entry.from === 'customer').map((entry) => entry.text);
    expect(customerLines).toContain('my lock blinks red');
  });
});
