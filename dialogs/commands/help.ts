import type { GlobalCommand } from '../../src/core/dialog.js';
import { openTicketOf } from './handed-off.js';

/** "help" with the bot: what the bot can do, then the same choices again (the user stays where they were). */
export const helpCommand: GlobalCommand = {
  id: 'help',
  priority: 5,
  run(ctx) {
    ctx.sayKey('help.text', undefined, ctx.offered);
  },
};

/** "help" while a person owns the conversation: what happens with the ticket. */
export const helpWhileHandedOffCommand: GlobalCommand = {
  id: 'help',
  priority: 5,
  when: 'handed-off',
  async run(ctx, next) {
    const ticket = await openTicketOf(ctx);
    if (!ticket) return next();
    ctx.sayKey('handoff.help', { ticket: ticket.id });
  },
};
