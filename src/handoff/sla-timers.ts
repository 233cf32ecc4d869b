import type { Store } from '../store/store.js';
import { SLA_LEVEL_FRACTIONS, type SlaLevel, type Ticket } from './ticket-types.js';

/**
 * SLA timers live in one sorted set of the store (`sla:timers`): member `<ticketId>:<level>`,
 * score = when it fires (epoch ms). Nothing is kept in process memory, so a restart or a
 * second instance loses none; `sortedRemove` lets exactly one instance claim each timer.
 */
export const SLA_TIMERS_KEY = 'sla:timers';
export const SLA_LEVELS: readonly SlaLevel[] = SLA_LEVEL_FRACTIONS.map(({ level }) => level);

export const timerMember = (ticketId: string, level: SlaLevel) => `${ticketId}:${level}`;

export function parseTimerMember(member: string): { ticketId: string; level: SlaLevel } | undefined {
  const at = member.lastIndexOf(':');
  const level = member.slice(at + 1) as SlaLevel;
  if (at <= 0 || !SLA_LEVELS.includes(level)) return undefined;
  return { ticketId: member.slice(0, at), level };
}

/** (Re)arm a ticket's timers for the levels that have not fired yet. */
export async function scheduleSlaTimers(store: Store, ticket: Ticket): Promise<void> {
  for (const level of SLA_LEVELS) {
    if (ticket.slaFired[level]) continue;
    await store.sortedAdd(SLA_TIMERS_KEY, timerMember(ticket.id, level), Date.parse(ticket.slaPoints[level]));
  }
}

/** Stop a ticket's clock: remove every timer it still has. */
export async function clearSlaTimers(store: Store, ticketId: string): Promise<void> {
  for (const level of SLA_LEVELS) await store.sortedRemove(SLA_TIMERS_KEY, timerMember(ticketId, level));
}
