import type { ChannelName, Language } from '../core/types.js';

/**
 * One day's (and one month's) roll-up (`reports:day:<YYYY-MM-DD>` in the store, kept REPORT_RETENTION_DAYS).
 * It holds counts, durations and ticket numbers only: no names, phones, addresses or message
 * text, so it may outlive the tickets it was made from. Cells are keyed by the dimensions the
 * reports filter and group on, joined with `|` (see `cellKey`).
 */
export interface DayRollup {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month (the same figures, summed: long ranges read months). */
  day: string;
  /** First replies within / after the SLA target, by `week|priority|channel|language`, on the ticket's creation day. */
  sla: Record<string, { within: number; breached: number }>;
  /** Minutes to the first human reply (histogram: minute → tickets), by `priority|channel|language`. */
  firstReplyMin: Record<string, Record<string, number>>;
  /** Minutes from opening to closing (resolved or handed back), by `priority|channel|language`. */
  resolutionMin: Record<string, Record<string, number>>;
  /** Conversations started, by `channel|language`. */
  conversations: Record<string, number>;
  /** Self-service per `channel|language|topic` (`-` when no topic was reached). */
  selfService: Record<string, { conversations: number; solved: number; tickets: number }>;
  /** Tickets resolved (survey sent) and answered, by `week|channel|language|agent`, on the resolution day. */
  satisfaction: Record<string, { surveyed: number; answered: number; satisfied: number; scoreSum: number }>;
  /** FAQ searches that were not confident, by `channel|language|nearest topic`. */
  gaps: Record<string, number>;
  /** Conversations started and tickets opened by `channel|language`, per local `weekday:hour` (0 = Monday). */
  volume: Record<string, { conversations: Record<string, number>; tickets: Record<string, number> }>;
}

/** A breached ticket (`reports:breaches:<day>`, a list per creation day, kept as long as the roll-ups). */
export interface BreachEntry {
  ticket: string;
  priority: string;
  channel: ChannelName;
  language: Language;
  createdAt: string;
  dueAt: string;
  /** When the first human reply came, if it came late; absent when the SLA timer fired first. */
  firstReplyAt?: string;
}

export const NO_TOPIC = '-';

export function emptyRollup(day: string): DayRollup {
  return { day, sla: {}, firstReplyMin: {}, resolutionMin: {}, conversations: {}, selfService: {}, satisfaction: {}, gaps: {}, volume: {} };
}

export function cellKey(...parts: Array<string | undefined | null>): string {
  return parts.map((part) => (part ? part.replaceAll('|', '/') : NO_TOPIC)).join('|');
}

export function splitCell(key: string): string[] {
  return key.split('|');
}
