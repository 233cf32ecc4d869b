import { requireService, type GlobalCommand, type TurnContext } from '../../src/core/dialog.js';
import { isOpen, type Ticket } from '../../src/handoff/ticket-service.js';

/**
 * The conversation's open ticket while a person owns it, or null — then a handed-off command
 * declines, and the handoff gives the conversation back to the bot.
 */
export async function openTicketOf(ctx: TurnContext): Promise<Ticket | null> {
  const id = ctx.state.ticketId;
  if (ctx.state.mode === 'bot' || !id || !ctx.services.tickets) return null;
  const ticket = await requireService(ctx.services, 'tickets').get(id);
  return ticket && isOpen(ticket) ? ticket : null;
}

/**
 * A command that applies while a person owns the conversation and there is an open ticket to
 * talk about; without one it declines (`next()`), so the handoff takes the conversation back.
 */
export function whileHandedOff(id: string, priority: number, run: (ctx: TurnContext, ticket: Ticket) => Promise<void> | void): GlobalCommand {
  return {
    id,
    priority,
    when: 'handed-off',
    async run(ctx, next) {
      const ticket = await openTicketOf(ctx);
      if (!ticket) return next();
      await run(ctx, ticket);
    },
  };
}
