import type { GlobalCommand } from '../../src/core/dialog.js';
import { whileHandedOff } from './handed-off.js';

/** "help" with the bot: what the bot can do, then the same choices again (the user stays where they were). */
export const helpCommand: GlobalCommand = {
  id: 'help',
  priority: 5,
  run(ctx) {
    ctx.sayKey('help.text', undefined, ctx.offered);
  },
};

/** "help" while a person owns the conversation: what happens with the ticket. */
export const helpWhileHandedOffCommand = whileHandedOff('help', 5, (ctx, ticket) => ctx.sayKey('handoff.help', { ticket: ticket.id }));
