import { requireService, type GlobalCommand } from '../../src/core/dialog.js';
import { formatDueTime } from '../../src/handoff/due-format.js';
import { isOpen } from '../../src/handoff/ticket-service.js';
import { isUrgentSituation } from '../../src/handoff/urgent-match.js';

/**
 * Urgent situations ("guest locked in", "all locks down", "there is a fire", "hay un incendio",
 * "حريق في الفندق") in any language, at any step: escalate as urgent, or raise the open ticket to
 * urgent. Phrases and their exceptions live in `locales/<lng>/commands.json` (`commands.urgent`).
 * An urgent phrase that only sits inside lock vocabulary ("the emergency card does not open")
 * declines, so the message goes on as if no urgent words were in it.
 */
export const urgentCommand: GlobalCommand = {
  id: 'urgent',
  priority: 25,
  when: 'always',
  async run(ctx, next) {
    if (!isUrgentSituation(ctx.input.text, ctx.services.translator)) return next();
    const topic = typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined;
    const escalateUrgent = () => ctx.escalate({ reason: 'urgent', priority: 'urgent', ...(topic ? { topic } : {}), details: { urgentMessage: ctx.input.text } });
    if (ctx.state.mode === 'bot' || !ctx.state.ticketId) return escalateUrgent();
    const tickets = requireService(ctx.services, 'tickets');
    const open = await tickets.get(ctx.state.ticketId);
    if (!open || !isOpen(open)) {
      // The ticket was closed meanwhile: open a new, urgent one.
      ctx.state.mode = 'bot';
      delete ctx.state.ticketId;
      return escalateUrgent();
    }
    const ticket = await tickets.raiseToUrgent(open.id);
    const due = formatDueTime(new Date(ticket.dueAt), ctx.language, ctx.state.user.timeZone);
    ctx.sayKey('handoff.raisedUrgent', { ticket: ticket.id, due });
  },
};
