import type { GlobalCommand } from '../src/core/dialog.js';
import { formatDueTime } from '../src/handoff/due-format.js';
import { isOpen } from '../src/handoff/ticket-service.js';

/**
 * Urgent words ("guest locked in", "all locks down", "fire", "emergencia", "حريق") in any
 * language, at any step: escalate as urgent, or raise the open ticket to urgent.
 * Phrases live in `locales/<lng>/commands.json` under `commands.urgent`.
 */
export const urgentCommand: GlobalCommand = {
  id: 'urgent',
  priority: 25,
  whileHandedOff: true,
  async run(ctx) {
    const topic = typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined;
    if (ctx.state.mode === 'bot' || !ctx.state.ticketId) {
      await ctx.escalate({ reason: 'urgent', priority: 'urgent', ...(topic ? { topic } : {}), details: { urgentMessage: ctx.input.text } });
      return;
    }
    const open = await ctx.services.tickets.get(ctx.state.ticketId);
    if (!open || !isOpen(open)) {
      // The ticket was closed meanwhile: open a new, urgent one.
      ctx.state.mode = 'bot';
      delete ctx.state.ticketId;
      await ctx.escalate({ reason: 'urgent', priority: 'urgent', ...(topic ? { topic } : {}), details: { urgentMessage: ctx.input.text } });
      return;
    }
    const ticket = await ctx.services.tickets.raiseToUrgent(open.id);
    const due = formatDueTime(new Date(ticket.dueAt), ctx.language, ctx.state.user.timeZone);
    ctx.sayKey('handoff.raisedUrgent', { ticket: ticket.id, due });
  },
};
