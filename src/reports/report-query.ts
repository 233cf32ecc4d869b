import type { Store } from '../store/store.js';
import { daysBetween } from './report-calendar.js';
import { gapTextsKey, type GapText } from './report-recorder.js';
import type { RollupStore } from './rollup-store.js';
import { splitCell, type BreachEntry, type DayRollup } from './rollup-types.js';

export interface ReportFilter {
  from: string;
  to: string;
  channel?: string;
  language?: string;
  /** Content-gap texts are kept only this far back (TICKET_RETENTION_DAYS): older days hold counts alone. */
  textsFrom?: string;
}

export interface SlaCounts {
  within: number;
  breached: number;
  /** Share of first replies within target, 0–100 with one decimal; null when there were none. */
  percentWithin: number | null;
}

export interface Durations {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface SatisfactionCounts {
  surveyed: number;
  answered: number;
  satisfied: number;
  /** Share of answers scoring 4 or 5 (0–100); null without answers. */
  csat: number | null;
  /** Share of surveyed customers who answered (0–100); null when nobody was surveyed. */
  responseRate: number | null;
  averageScore: number | null;
}

export interface SelfServiceRow {
  topic: string;
  language: string;
  conversations: number;
  solved: number;
  tickets: number;
  /** solved ÷ (solved + tickets), 0–100; null when neither happened. */
  deflectionRate: number | null;
}

export interface Report {
  range: { from: string; to: string; timeZone: string };
  filters: { channel: string | null; language: string | null };
  sla: {
    total: SlaCounts;
    weeks: Array<{ week: string } & SlaCounts & { byPriority: Record<string, SlaCounts>; byChannel: Record<string, SlaCounts>; byLanguage: Record<string, SlaCounts> }>;
    byPriority: Record<string, SlaCounts>;
    byChannel: Record<string, SlaCounts>;
    byLanguage: Record<string, SlaCounts>;
    /** The most recent MAX_BREACHES_LISTED breaches, oldest first; `breached` counts them all. */
    breaches: BreachEntry[];
    firstReply: Durations & { byPriority: Record<string, Durations> };
    resolution: Durations & { byPriority: Record<string, Durations> };
  };
  selfService: { conversations: number; topicConversations: number; solved: number; tickets: number; deflectionRate: number | null; topics: SelfServiceRow[] };
  satisfaction: SatisfactionCounts & {
    weeks: Array<{ week: string } & SatisfactionCounts>;
    byChannel: Record<string, SatisfactionCounts>;
    byLanguage: Record<string, SatisfactionCounts>;
    byAgent: Record<string, SatisfactionCounts>;
  };
  contentGaps: Array<{ topic: string; language: string; count: number; samples: string[] }>;
  volume: { conversations: { byHour: number[]; byWeekday: number[] }; tickets: { byHour: number[]; byWeekday: number[] } };
}

const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
const slaOf = (within: number, breached: number): SlaCounts => ({ within, breached, percentWithin: percent(within, within + breached) });
/**
 * Histogram buckets (see `durationBucket`) as dense array slots: minutes under 2 h, 5-minute
 * steps under 48 h, hours up to 90 days (longer durations count in the last slot).
 */
const SLOTS = 120 + (48 * 60 - 120) / 5 + (90 * 24 - 48) + 1;
export function slotOf(minute: number): number {
  if (minute < 120) return minute;
  if (minute < 48 * 60) return 120 + Math.floor((minute - 120) / 5);
  return Math.min(SLOTS - 1, 120 + (48 * 60 - 120) / 5 + Math.floor((minute - 48 * 60) / 60));
}
export function minuteOf(slot: number): number {
  if (slot < 120) return slot;
  if (slot < 120 + (48 * 60 - 120) / 5) return 120 + (slot - 120) * 5;
  return 48 * 60 + (slot - 120 - (48 * 60 - 120) / 5) * 60;
}

/** Nearest-rank percentiles of a histogram, in milliseconds. */
function durationsOf(histogram: Float64Array): Durations {
  let count = 0;
  for (const tickets of histogram) count += tickets;
  const at = (p: number): number | null => {
    if (count === 0) return null;
    const rank = Math.min(count, Math.max(1, Math.ceil((p / 100) * count)));
    let seen = 0;
    for (let slot = 0; slot < histogram.length; slot += 1) {
      seen += histogram[slot]!;
      if (seen >= rank) return minuteOf(slot) * 60_000;
    }
    return null;
  };
  return { count, medianMs: at(50), p90Ms: at(90) };
}

const newHistogram = () => new Float64Array(SLOTS);

function addHistogram(target: Float64Array, histogram: Record<string, number>): void {
  for (const minute in histogram) {
    const slot = slotOf(Number(minute));
    target[slot] = target[slot]! + histogram[minute]!;
  }
}

function sumOf(histograms: Iterable<Float64Array>): Float64Array {
  const total = newHistogram();
  for (const histogram of histograms) histogram.forEach((tickets, slot) => (total[slot] = total[slot]! + tickets));
  return total;
}

type SatRaw = { surveyed: number; answered: number; satisfied: number; scoreSum: number };
const satOf = (raw: SatRaw): SatisfactionCounts => ({
  surveyed: raw.surveyed,
  answered: raw.answered,
  satisfied: raw.satisfied,
  csat: percent(raw.satisfied, raw.answered),
  responseRate: percent(raw.answered, raw.surveyed),
  averageScore: raw.answered > 0 ? Math.round((raw.scoreSum / raw.answered) * 100) / 100 : null,
});

class Tally<T> {
  readonly groups = new Map<string, T>();
  constructor(private readonly empty: () => T) {}
  at(key: string): T {
    let value = this.groups.get(key);
    if (!value) this.groups.set(key, (value = this.empty()));
    return value;
  }
  map<U>(to: (value: T) => U): Record<string, U> {
    return Object.fromEntries([...this.groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, to(value)]));
  }
}

const slaPair = () => ({ within: 0, breached: 0 });
const satRaw = (): SatRaw => ({ surveyed: 0, answered: 0, satisfied: 0, scoreSum: 0 });
const MAX_SAMPLES = 5;
/** A report lists at most this many breached tickets (the newest); the counts include all. */
export const MAX_BREACHES_LISTED = 500;

/**
 * Build a report from the daily roll-ups of a range of days (never from tickets): one `getMany`
 * of the days, then sums. `channel` and `language` filter every figure.
 */
export async function buildReport(rollups: RollupStore, store: Store, filter: ReportFilter, timeZone: string): Promise<Report> {
  const days = daysBetween(filter.from, filter.to);
  const loaded: DayRollup[] = await rollups.read(filter.from, filter.to);
  const keep = (channel: string | undefined, language: string | undefined) =>
    (!filter.channel || channel === filter.channel) && (!filter.language || language === filter.language);

  const slaTotal = slaPair();
  const slaWeeks = new Tally(() => ({ total: slaPair(), byPriority: new Tally(slaPair), byChannel: new Tally(slaPair), byLanguage: new Tally(slaPair) }));
  const byPriority = new Tally(slaPair);
  const byChannel = new Tally(slaPair);
  const byLanguage = new Tally(slaPair);
  const firstReplyByPriority = new Tally(newHistogram);
  const resolutionByPriority = new Tally(newHistogram);
  let conversations = 0;
  const topics = new Tally(() => ({ conversations: 0, solved: 0, tickets: 0 }));
  const sat = satRaw();
  const satWeeks = new Tally(satRaw);
  const satChannel = new Tally(satRaw);
  const satLanguage = new Tally(satRaw);
  const satAgent = new Tally(satRaw);
  const gaps = new Tally(() => ({ count: 0, samples: [] as string[] }));
  const volume = { conversations: { byHour: new Array<number>(24).fill(0), byWeekday: new Array<number>(7).fill(0) }, tickets: { byHour: new Array<number>(24).fill(0), byWeekday: new Array<number>(7).fill(0) } };

  for (const rollup of loaded) {
    for (const [key, counts] of Object.entries(rollup.sla)) {
      const [week, priority, channel, language] = splitCell(key);
      if (!keep(channel, language)) continue;
      const weekly = slaWeeks.at(week!);
      for (const target of [slaTotal, weekly.total, weekly.byPriority.at(priority!), weekly.byChannel.at(channel!), weekly.byLanguage.at(language!), byPriority.at(priority!), byChannel.at(channel!), byLanguage.at(language!)]) {
        target.within += counts.within;
        target.breached += counts.breached;
      }
    }
    for (const [key, histogram] of Object.entries(rollup.firstReplyMin)) {
      const [priority, channel, language] = splitCell(key);
      if (!keep(channel, language)) continue;
      addHistogram(firstReplyByPriority.at(priority!), histogram);
    }
    for (const [key, histogram] of Object.entries(rollup.resolutionMin)) {
      const [priority, channel, language] = splitCell(key);
      if (!keep(channel, language)) continue;
      addHistogram(resolutionByPriority.at(priority!), histogram);
    }
    for (const [key, count] of Object.entries(rollup.conversations)) {
      const [channel, language] = splitCell(key);
      if (keep(channel, language)) conversations += count;
    }
    for (const [key, counts] of Object.entries(rollup.selfService)) {
      const [channel, language, topic] = splitCell(key);
      if (!keep(channel, language)) continue;
      const row = topics.at(`${topic}|${language}`);
      row.conversations += counts.conversations;
      row.solved += counts.solved;
      row.tickets += counts.tickets;
    }
    for (const [key, counts] of Object.entries(rollup.satisfaction)) {
      const [week, channel, language, agent] = splitCell(key);
      if (!keep(channel, language)) continue;
      for (const target of [sat, satWeeks.at(week!), satChannel.at(channel!), satLanguage.at(language!), satAgent.at(agent!)]) {
        target.surveyed += counts.surveyed;
        target.answered += counts.answered;
        target.satisfied += counts.satisfied;
        target.scoreSum += counts.scoreSum;
      }
    }
    for (const [key, count] of Object.entries(rollup.gaps)) {
      const [channel, language, topic] = splitCell(key);
      if (keep(channel, language)) gaps.at(`${topic}|${language}`).count += count;
    }
    for (const [key, cell] of Object.entries(rollup.volume)) {
      const [channel, language] = splitCell(key);
      if (!keep(channel, language)) continue;
      for (const which of ['conversations', 'tickets'] as const) {
        for (const [slot, count] of Object.entries(cell[which])) {
          const [weekday, hour] = slot.split(':').map(Number) as [number, number];
          volume[which].byWeekday[weekday]! += count;
          volume[which].byHour[hour]! += count;
        }
      }
    }
  }

  if (gaps.groups.size > 0) {
    for (const day of days) {
      if (filter.textsFrom && day < filter.textsFrom) continue;
      const texts = await store.listRange(gapTextsKey(day), 0, -1);
      for (const raw of texts) {
        const entry = JSON.parse(raw) as GapText;
        if (!keep(entry.channel, entry.language)) continue;
        const group = gaps.groups.get(`${entry.topic}|${entry.language}`);
        if (group && group.samples.length < MAX_SAMPLES && !group.samples.includes(entry.text)) group.samples.push(entry.text);
      }
    }
  }

  const topicRows: SelfServiceRow[] = [...topics.groups.entries()].map(([key, row]) => {
    const [topic, language] = key.split('|') as [string, string];
    return { topic, language, ...row, deflectionRate: percent(row.solved, row.solved + row.tickets) };
  });
  topicRows.sort((a, b) => b.conversations + b.tickets - (a.conversations + a.tickets) || a.topic.localeCompare(b.topic) || a.language.localeCompare(b.language));
  const solved = topicRows.reduce((sum, row) => sum + row.solved, 0);
  const ticketCount = topicRows.reduce((sum, row) => sum + row.tickets, 0);
  const slaMap = (tally: Tally<{ within: number; breached: number }>) => tally.map((pair) => slaOf(pair.within, pair.breached));

  return {
    range: { from: filter.from, to: filter.to, timeZone },
    filters: { channel: filter.channel ?? null, language: filter.language ?? null },
    sla: {
      total: slaOf(slaTotal.within, slaTotal.breached),
      weeks: [...slaWeeks.groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([week, value]) => ({ week, ...slaOf(value.total.within, value.total.breached), byPriority: slaMap(value.byPriority), byChannel: slaMap(value.byChannel), byLanguage: slaMap(value.byLanguage) })),
      byPriority: slaMap(byPriority),
      byChannel: slaMap(byChannel),
      byLanguage: slaMap(byLanguage),
      breaches: await rollups.breaches(filter.from, filter.to, (entry) => keep(entry.channel, entry.language), MAX_BREACHES_LISTED),
      firstReply: { ...durationsOf(sumOf(firstReplyByPriority.groups.values())), byPriority: firstReplyByPriority.map(durationsOf) },
      resolution: { ...durationsOf(sumOf(resolutionByPriority.groups.values())), byPriority: resolutionByPriority.map(durationsOf) },
    },
    selfService: {
      conversations,
      topicConversations: topicRows.reduce((sum, row) => sum + row.conversations, 0),
      solved,
      tickets: ticketCount,
      deflectionRate: percent(solved, solved + ticketCount),
      topics: topicRows,
    },
    satisfaction: {
      ...satOf(sat),
      weeks: [...satWeeks.groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, raw]) => ({ week, ...satOf(raw) })),
      byChannel: satChannel.map(satOf),
      byLanguage: satLanguage.map(satOf),
      byAgent: satAgent.map(satOf),
    },
    contentGaps: [...gaps.groups.entries()]
      .map(([key, group]) => {
        const [topic, language] = key.split('|') as [string, string];
        return { topic, language, count: group.count, samples: group.samples };
      })
      .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic) || a.language.localeCompare(b.language)),
    volume,
  };
}
