import type { HandoffService } from './dialog.js';

/**
 * The handoff used when no escalation feature is installed: the bot tells the user a person
 * will follow up and stays in charge of the conversation.
 */
export const followUpHandoff: HandoffService = {
  async escalate(ctx) {
    ctx.sayKey('handoff.followUp');
  },
  async handleWhileHandedOff(ctx) {
    ctx.state.mode = 'bot';
    await ctx.restart();
  },
};
