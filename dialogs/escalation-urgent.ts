import { findCommand } from '../src/core/commands.js';
import { requireService, type GlobalCommand, type TurnContext } from '../src/core/dialog.js';
import { formatDueTime } from '../src/handoff/due-format.js';
import { isOpen } from '../src/handoff/ticket-service.js';
import { isUrgentSituation } from '../src/handoff/urgent-match.js';

/** Matches the words of the global "human" command (`commands.human` in the locales). */
const HUMAN_REQUEST: GlobalCommand = { id: 'human', run: () => undefined };

/**
 * An urgent phrase that only sits inside lock vocabulary ("the emergency card does not open",
 * "which locks fit fire doors"): the message is handled as if no urgent words were in it.
 */
async function handleAsOrdinary(ctx: TurnContext): Promise<void> {
  if (ctx.state.mode !== 'bot') {
    await ctx.services.handoff.handleWhileHandedOff(ctx);
    return;
  }
  if (findCommand([HUMAN_REQUEST], ctx.input.text, ctx.services.translator)) {
    const topic = typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined;
    await ctx.escalate({ reason: 'user-request', ...(topic ? { topic } : {}) });
    return;
  }
  const frame = ctx.frame;
  const dialog = frame ? ctx.services.dialogs.get(frame.id) : undefined;
  if (dialog) await dialog.continue(ctx);
  else await ctx.begin('main-menu', {});
}

/**
 * Urgent situations ("guest locked in", "all locks down", "there is a fire", "hay un incendio",
 * "حريق في الفندق") in any language, at any step: escalate as urgent, or raise the open ticket to
 * urgent. Phrases and their exceptions live in `locales/<lng>/commands.json` (`commands.urgent`).
 */
export const urgentCommand: GlobalCommand = {
  id: 'urgent',
  priority: 25,
  whileHandedOff: true,
  async run(ctx) {
    if (!isUrgentSituation(ctx.input.text, ctx.services.translator)) {
      await handleAsOrdinary(ctx);
      return;
    }
    const topic = typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined;
    if (ctx.state.mode === 'bot' || !ctx.state.ticketId) {
      await ctx.escalate({ reason: 'urgent', priority: 'urgent', ...(topic ? { topic } : {}), details: { urgentMessage: ctx.input.text } });
      return;
    }
    const open = await requireService(ctx.services, 'tickets').get(ctx.state.ticketId);
    if (!open || !isOpen(open)) {
      // The ticket was closed meanwhile: open a new, urgent one.
      ctx.state.mode = 'bot';
      delete ctx.state.ticketId;
      await ctx.escalate({ reason: 'urgent', priority: 'urgent', ...(topic ? { topic } : {}), details: { urgentMessage: ctx.input.text } });
      return;
    }
    const ticket = await requireService(ctx.services, 'tickets').raiseToUrgent(open.id);
    const due = formatDueTime(new Date(ticket.dueAt), ctx.language, ctx.state.user.timeZone);
    ctx.sayKey('handoff.raisedUrgent', { ticket: ticket.id, due });
  },
};
