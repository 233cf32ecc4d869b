import { ROOT_DIALOG, type GlobalCommand } from '../../src/core/dialog.js';

/** "menu": back to the main menu from any step. */
export const menuCommand: GlobalCommand = {
  id: 'menu',
  priority: 10,
  async run(ctx) {
    ctx.state.misunderstood = 0;
    await ctx.restart();
  },
};

/** "language": choose the conversation's language. */
export const languageCommand: GlobalCommand = {
  id: 'language',
  priority: 5,
  async run(ctx) {
    await ctx.begin('language', {});
  },
};

/** "back": the active dialog's `back`, or end it; at the main menu, show it again. */
export const backCommand: GlobalCommand = {
  id: 'back',
  priority: 4,
  async run(ctx) {
    const frame = ctx.frame;
    if (!frame || frame.id === ROOT_DIALOG) {
      await ctx.restart();
      return;
    }
    const dialog = ctx.services.dialogs.get(frame.id);
    if (dialog?.back) await dialog.back(ctx);
    else await ctx.end();
  },
};
