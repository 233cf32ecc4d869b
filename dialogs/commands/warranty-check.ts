import { ROOT_DIALOG, type GlobalCommand } from '../../src/core/dialog.js';

/**
 * A message about *my* lock's warranty ("is my lock still under warranty", "quiero saber la
 * garantía de mi cerradura", "هل قفلي تحت الضمان", "no, quiero comprobar la garantía") starts the
 * warranty check wherever the conversation is, instead of the warranty-terms text. Its phrases are
 * `commands.warranty.phrases` in `locales/<lng>/commands.json`; general questions ("what does
 * the warranty cover") still go to the FAQ. Inside the warranty check, or without the warranty
 * feature, or where the channel opens with its own dialog (e-mail answers a warranty question in
 * its one reply, `email-intake`), it declines.
 */
export const warrantyCheckCommand: GlobalCommand = {
  id: 'warranty',
  priority: 6,
  async run(ctx, next) {
    if (!ctx.services.dialogs.has('warranty') || ctx.state.stack.some((frame) => frame.id === 'warranty')) return next();
    if (ctx.rootDialog !== ROOT_DIALOG) return next();
    const topic = typeof ctx.state.facts.topic === 'string' && ctx.frame?.id === 'troubleshoot' ? ctx.state.facts.topic : undefined;
    await ctx.begin('warranty', topic ? { topic } : {});
  },
};
