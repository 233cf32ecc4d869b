import type { ChannelName, Language } from '../core/types.js';

/**
 * One day's roll-up (`reports:day:<YYYY-MM-DD>` in the store, kept REPORT_RETENTION_DAYS).
 * It holds counts, durations and ticket numbers only: no names, phones, addresses or message
 * text, so it may outlive the tickets it was made from. Cells are keyed by the dimensions the
 * reports filter and group on, joined with `|` (see `cellKey`).
 */
export interface DayRollup {
  day: string;
  /** First replies within / after the SLA target, by `priority|channel|language`, on the ticket's creation day. */
  sla: Record<string, { within: number; breached: number }>;
  /** Breached tickets (ids only), on the ticket's creation day. */
  breaches: BreachEntry[];
  /** Milliseconds to the first human reply, by `priority|channel|language`. */
  firstReplyMs: Record<string, number[]>;
  /** Milliseconds from opening to closing (resolved or handed back), by `priority|channel|language`. */
  resolutionMs: Record<string, number[]>;
  /** Conversations started, by `channel|language`. */
  conversations: Record<string, number>;
  /** Self-service per `channel|language|topic` (`-` when no topic was reached). */
  selfService: Record<string, { conversations: number; solved: number; tickets: number }>;
  /** Tickets resolved (survey sent) and answered, by `channel|language|agent`, on the resolution day. */
  satisfaction: Record<string, { surveyed: number; answered: number; satisfied: number; scoreSum: number }>;
  /** FAQ searches that were not confident, by `channel|language|nearest topic`. */
  gaps: Record<string, number>;
  /** Conversations started and tickets opened by `channel|language`, 168 slots: weekday × 24 + hour. */
  volume: Record<string, { conversations: number[]; tickets: number[] }>;
}

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
  return { day, sla: {}, breaches: [], firstReplyMs: {}, resolutionMs: {}, conversations: {}, selfService: {}, satisfaction: {}, gaps: {}, volume: {} };
}

export function cellKey(...parts: Array<string | undefined | null>): string {
  return parts.map((part) => (part ? part.replaceAll('|', '/') : NO_TOPIC)).join('|');
}

export function splitCell(key: string): string[] {
  return key.split('|');
}
