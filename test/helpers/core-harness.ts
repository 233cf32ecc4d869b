import { ConversationCore, type CoreOptions } from '../../src/core/conversation-core.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import type { Clock, Feature, FeatureServices, HandoffService } from '../../src/core/dialog.js';
import { followUpHandoff } from '../../src/core/follow-up-handoff.js';
import { createTranslator } from '../../src/core/i18n.js';
import type { ChannelName, InboundMessage, OutboundMessage } from '../../src/core/types.js';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';

/** A controllable clock for tests. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-21T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface HarnessOptions {
  store?: Store;
  features?: Feature[];
  handoff?: HandoffService;
  services?: Partial<FeatureServices>;
  clock?: Clock;
  channel?: ChannelName;
  extra?: Partial<CoreOptions>;
}

let sharedTranslator: ReturnType<typeof createTranslator> | undefined;
export const testTranslator = () => (sharedTranslator ??= createTranslator());

export function createTestCore(options: HarnessOptions = {}) {
  const store = options.store ?? new MemoryStore();
  const core = new ConversationCore({
    store,
    logger: createSilentLogger(),
    translator: testTranslator(),
    clock: options.clock,
    features: [baseFeature, ...(options.features ?? [])],
    handoff: options.handoff ?? followUpHandoff,
    services: options.services,
    ...options.extra,
  });
  let counter = 0;
  /** One user in one conversation: `say('hola')` or `say({ value: 'menu:warranty' })` returns the bot's texts. */
  function user(conversationId = 'c1', extra: Partial<InboundMessage> = {}) {
    const channel = options.channel ?? 'web';
    const send = async (input: string | { value: string; text?: string }, overrides: Partial<InboundMessage> = {}): Promise<OutboundMessage[]> => {
      counter += 1;
      const result = await core.handle({
        channel,
        conversationId,
        user: { id: `u-${conversationId}` },
        platformMessageId: `m${counter}`,
        content: typeof input === 'string' ? { type: 'text', text: input } : { type: 'choice', value: input.value, text: input.text },
        ...extra,
        ...overrides,
      });
      return result.outbound;
    };
    const say = async (input: string | { value: string; text?: string }, overrides: Partial<InboundMessage> = {}) => texts(await send(input, overrides));
    return { send, say, state: () => core.getState(`${channel}:${conversationId}`) };
  }
  return { core, store, user };
}

export function texts(messages: OutboundMessage[]): string[] {
  return messages.map((message) => ('text' in message.reply && message.reply.text) || '');
}

export function choicesOf(messages: OutboundMessage[]): Array<{ title: string; value: string }> {
  const last = [...messages].reverse().find((message) => message.reply.type === 'text' && message.reply.choices);
  return last && last.reply.type === 'text' ? (last.reply.choices ?? []) : [];
}
