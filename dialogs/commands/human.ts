import { requireService, type GlobalCommand } from '../../src/core/dialog.js';
import { formatDueTime } from '../../src/handoff/due-format.js';
import { agentHasReplied } from '../../src/handoff/ticket-service.js';
import { whileHandedOff } from './handed-off.js';

/**
 * "Talk to a person" ("agent", "hablar con alguien", "اكلم موظف"), decided here and only here.
 * Its words are `commands.human` in `locales/<lng>/commands.json`; urgent situations are the
 * separate `urgent` command (`urgent.ts`).
 */

/** With the bot: hand the conversation to a person, with the topic the bot collected. */
export const humanCommand: GlobalCommand = {
  id: 'human',
  priority: 20,
  async run(ctx) {
    await ctx.escalate({ reason: 'user-request', topic: typeof ctx.state.facts.topic === 'string' ? ctx.state.facts.topic : undefined });
  },
};

/** Asking again while waiting for (or talking to) a person: say the ticket exists and when the reply is due. */
export const humanWhileHandedOffCommand = whileHandedOff('human', 20, async (ctx, ticket) => {
  const due = formatDueTime(new Date(ticket.dueAt), ctx.language, ctx.state.user.timeZone);
  ctx.sayKey(agentHasReplied(ticket) ? 'handoff.alreadyOpenAgent' : 'handoff.alreadyOpen', { ticket: ticket.id, due });
  await requireService(ctx.services, 'tickets').noteCustomerMessage(ticket.id);
});
