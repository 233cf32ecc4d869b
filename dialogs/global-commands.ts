import type { GlobalCommand } from '../src/core/dialog.js';

/**
 * Commands that work at any step in English, Spanish and Arabic. Their words are in
 * `locales/<lng>/commands.json`.
 */
export const menuCommand: GlobalCommand = {
  id: 'menu',
  priority: 10,
  async run(ctx) {
    ctx.state.misunderstood = 0;
    await ctx.restart();
  },
};

export const helpCommand: GlobalCommand = {
  id: 'help',
  priority: 5,
  run(ctx) {
    // Keep the user where they were: offer the same choices again.
    ctx.sayKey('help.text', undefined, ctx.offered);
  },
};

export const languageCommand: GlobalCommand = {
  id: 'language',
  priority: 5,
  async run(ctx) {
    await ctx.begin('language', {});
  },
};

export const humanCommand: GlobalCommand = {
  id: 'human',
  priority: 20,
  async run(ctx) {
    await ctx.escalate({ reason: 'user-request', topic: typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined });
  },
};

export const backCommand: GlobalCommand = {
  id: 'back',
  priority: 4,
  async run(ctx) {
    const frame = ctx.frame;
    if (!frame || frame.id === 'main-menu') {
      await ctx.restart();
      return;
    }
    const dialog = ctx.services.dialogs.get(frame.id);
    if (dialog?.back) await dialog.back(ctx);
    else await ctx.end();
  },
};

export const cancelCommand: GlobalCommand = {
  id: 'cancel',
  priority: 15,
  whileHandedOff: true,
  async run(ctx) {
    if (ctx.state.mode !== 'bot' && ctx.services.handoff.cancel) {
      await ctx.services.handoff.cancel(ctx);
      return;
    }
    ctx.sayKey('common.cancelled');
    await ctx.restart();
  },
};

export const globalCommands: GlobalCommand[] = [humanCommand, cancelCommand, menuCommand, helpCommand, languageCommand, backCommand];
