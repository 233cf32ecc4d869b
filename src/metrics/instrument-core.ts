import type { ConversationCore } from '../core/conversation-core.js';
import { recordTurn } from './metrics.js';

/**
 * Count and time every turn the core handles (`lockcare_turns_total`,
 * `lockcare_turn_duration_seconds`), whichever channel or process delivered it.
 */
export function instrumentTurns(core: ConversationCore): void {
  const handle = core.handle.bind(core);
  core.handle = async (message) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await handle(message);
      recordTurn(message.channel, result.duplicate ? 'duplicate' : result.failed ? 'failed' : 'answered', seconds());
      return result;
    } catch (error) {
      recordTurn(message.channel, 'failed', seconds());
      throw error;
    }
  };
}
