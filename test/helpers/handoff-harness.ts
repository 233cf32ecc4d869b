import type { ConversationCore } from '../../src/core/conversation-core.js';
import type { Feature, FeatureServices } from '../../src/core/dialog.js';
import type { ChannelAdapter, OutboundMessage } from '../../src/core/types.js';
import { loadConfig } from '../../src/config.js';
import { createHandoffFeature } from '../../src/handoff/handoff-feature.js';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestCore, TestClock, testTranslator } from './core-harness.js';

/**
 * The escalation feature on a test core: tickets, SLA, agent desk, with a TestClock and a
 * web adapter that records what agents' replies and surveys deliver.
 */
export async function createHandoffHarness(options: { env?: Record<string, string>; store?: Store; clock?: TestClock; features?: Feature[]; services?: Partial<FeatureServices> } = {}) {
  const clock = options.clock ?? new TestClock();
  const store = options.store ?? new MemoryStore(() => clock.now().getTime());
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_AGENT: 'false', AGENTS_FILE: '/nonexistent/agents.json', ...options.env });
  let core: ConversationCore | undefined;
  const setup = await createHandoffFeature({
    config,
    logger: createSilentLogger(),
    store,
    translator: testTranslator(),
    clock,
    core: () => core!,
  });
  const harness = createTestCore({ store, clock, features: [setup.feature, ...(options.features ?? [])], handoff: setup.handoff, services: { ...setup.services, ...options.services } });
  core = harness.core;
  const delivered: OutboundMessage[] = [];
  const adapter: ChannelAdapter = {
    name: 'web',
    capabilities: { choices: true, media: true, maxTextLength: 4000, proactive: true },
    async send(_target, messages) {
      delivered.push(...messages);
    },
  };
  core.registerChannel(adapter);
  return { ...harness, setup, clock, store, config, delivered, translator: testTranslator() };
}
