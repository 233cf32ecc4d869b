import type { GlobalCommand } from '../../src/core/dialog.js';

/** "cancel": with the bot, drop what is going on; while handed off, the handoff asks before cancelling the ticket. */
export const cancelCommand: GlobalCommand = {
  id: 'cancel',
  priority: 15,
  when: 'always',
  async run(ctx) {
    if (ctx.state.mode !== 'bot' && ctx.services.handoff.cancel) {
      await ctx.services.handoff.cancel(ctx);
      return;
    }
    ctx.sayKey('common.cancelled');
    await ctx.restart();
  },
};
