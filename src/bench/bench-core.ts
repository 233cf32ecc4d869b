import { ConversationCore } from '../core/conversation-core.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import { followUpHandoff } from '../core/follow-up-handoff.js';
import { createTranslator, type Translator } from '../core/i18n.js';
import type { InboundMessage } from '../core/types.js';
import { createSilentLogger } from '../logger.js';
import type { Store } from '../store/store.js';

/**
 * The user's side of one benchmark conversation, ten turns of the three-step menu flow
 * (menu → change language → pick a language → menu again), typed as the options' titles the
 * way the botbuilder peer gets them (`PEER_SCRIPT`).
 */
export const CORE_SCRIPT = ['hello', 'Change language', 'English', 'Change language', 'English', 'Change language', 'English', 'Change language', 'English', 'Change language'];

let translator: Translator | undefined;

/** The full conversation core as `lockcare start` assembles it, with the base feature and a silent logger. */
export function assembleBenchCore(store: Store): ConversationCore {
  translator ??= createTranslator();
  return new ConversationCore({ store, logger: createSilentLogger(), translator, features: [baseFeature], handoff: followUpHandoff });
}

/** The inbound message for turn `turn` of benchmark conversation `conversation`. */
export function benchMessage(runId: string, conversation: number, turn: number): InboundMessage {
  return {
    channel: 'web',
    conversationId: `${runId}-${conversation}`,
    user: { id: `user-${conversation}` },
    platformMessageId: `${runId}-${conversation}-${turn}`,
    content: { type: 'text', text: CORE_SCRIPT[turn % CORE_SCRIPT.length]! },
  };
}
