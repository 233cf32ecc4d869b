import { ROOT_DIALOG, type GlobalCommand } from '../../src/core/dialog.js';
import { formatDueTime } from '../../src/handoff/due-format.js';
import { showMenu } from '../main-menu/main-menu-dialog.js';
import { openTicketOf } from './handed-off.js';

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

/**
 * "menu" or a greeting ("hello", "hola", "مرحبا") while a ticket waits for a person: the ticket
 * stays open, and the menu is offered; picking from it lets the bot help meanwhile (the handoff
 * takes menu choices while waiting). Once a person has replied, it declines: messages go to them.
 */
function menuWhileWaiting(id: string): GlobalCommand {
  return {
    id,
    priority: 10,
    when: 'handed-off',
    async run(ctx, next) {
      const ticket = ctx.state.mode === 'waiting' ? await openTicketOf(ctx) : null;
      if (!ticket) return next();
      const due = formatDueTime(new Date(ticket.dueAt), ctx.language, ctx.state.user.timeZone);
      showMenu(ctx, 'handoff.menuWhileWaiting', { ticket: ticket.id, due });
    },
  };
}

export const menuWhileWaitingCommand = menuWhileWaiting('menu');
export const greetingWhileWaitingCommand = menuWhileWaiting('greeting');
