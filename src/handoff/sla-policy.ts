import type { ChannelName } from '../core/types.js';
import { ConfigError } from '../errors.js';
import { SLA_LEVEL_FRACTIONS, type SlaLevel, type TicketPriority } from './ticket-types.js';

/**
 * SLA policies: first human reply due within `normalHours` / `urgentHours`. 7×24 by default (the
 * After-Sales Service Commitment Letter promises 7×24 multilingual support and, for routine
 * consultations, solutions via email/phone within 15 minutes; the 24-hour default comes from the
 * warranty card: "reply within 24 hours upon receipt the email"). With business hours
 * ("mon-fri 09:00-18:00" in a time zone) only business time counts toward the deadline.
 */
export interface SlaPolicyOptions {
  normalHours: number;
  urgentHours: number;
  /** Normal-priority hours for tickets from one channel (SLA_EMAIL_HOURS for e-mail); others use `normalHours`. */
  channelNormalHours?: Partial<Record<ChannelName, number>>;
  timeZone: string;
  /** e.g. `mon-fri 09:00-18:00; sat 10:00-14:00`. Empty = 7×24. */
  businessHours?: string;
}

export interface BusinessWindow {
  /** 0 = Sunday … 6 = Saturday. */
  days: Set<number>;
  /** Minutes after local midnight. */
  openMinute: number;
  closeMinute: number;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
export const SLA_FRACTIONS = Object.fromEntries(SLA_LEVEL_FRACTIONS.map(({ level, fraction }) => [level, fraction])) as Record<SlaLevel, number>;

function parseMinute(text: string, spec: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minute > 24 * 60) throw new ConfigError(`SLA_BUSINESS_HOURS: bad time "${text}" in "${spec}" (use HH:MM)`);
  return minute;
}

function parseDays(text: string, spec: string): Set<number> {
  const days = new Set<number>();
  for (const part of text.split('+')) {
    const [from = -1, to = from] = part.split('-').map((day) => DAY_NAMES.indexOf(day.slice(0, 3)));
    if (from < 0 || to < 0) throw new ConfigError(`SLA_BUSINESS_HOURS: bad days "${text}" in "${spec}" (use e.g. mon-fri or sat)`);
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return days;
}

/** Parse `mon-fri 09:00-18:00; sat 10:00-14:00` (segments separated by `;` or `,`). */
export function parseBusinessHours(spec: string): BusinessWindow[] {
  const windows: BusinessWindow[] = [];
  for (const segment of spec.toLowerCase().split(/[;,]/).map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z+-]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(segment);
    if (!match) throw new ConfigError(`SLA_BUSINESS_HOURS: cannot read "${segment}" (expected e.g. "mon-fri 09:00-18:00")`);
    const openMinute = parseMinute(match[2]!, spec);
    const closeMinute = parseMinute(match[3]!, spec);
    if (closeMinute <= openMinute) throw new ConfigError(`SLA_BUSINESS_HOURS: "${segment}" closes before it opens`);
    windows.push({ days: parseDays(match[1]!, spec), openMinute, closeMinute });
  }
  if (windows.length === 0) throw new ConfigError('SLA_BUSINESS_HOURS: no business hours given');
  return windows;
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Asia/Dubai → +4 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return local - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall-clock time in `timeZone` (DST gaps resolve forward). */
export function zonedTimeToInstant(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  return second;
}

function localDate(instant: number, timeZone: string): { year: number; month: number; day: number } {
  const shifted = new Date(instant + zoneOffsetMs(instant, timeZone));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export class SlaPolicy {
  readonly windows: BusinessWindow[] | undefined;

  constructor(readonly options: SlaPolicyOptions) {
    this.windows = options.businessHours ? parseBusinessHours(options.businessHours) : undefined;
  }

  /** How long the first reply may take, in (business) milliseconds. */
  durationMs(priority: TicketPriority, channel?: ChannelName): number {
    const normal = (channel && this.options.channelNormalHours?.[channel]) ?? this.options.normalHours;
    return (priority === 'urgent' ? this.options.urgentHours : normal) * 3_600_000;
  }

  /** `start` plus `ms` of business time (plain addition when 7×24). */
  addBusinessTime(start: Date, ms: number): Date {
    if (!this.windows) return new Date(start.getTime() + ms);
    const { timeZone } = this.options;
    let remaining = ms;
    let cursor = start.getTime();
    const first = localDate(cursor, timeZone);
    // Start a day early so a window that opened "yesterday" in the zone is not missed.
    for (let offset = -1; offset < 3 * 366; offset += 1) {
      const date = new Date(Date.UTC(first.year, first.month - 1, first.day + offset));
      const weekday = date.getUTCDay();
      const spans = this.windows
        .filter((window) => window.days.has(weekday))
        .map((window) => [
          zonedTimeToInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), window.openMinute, timeZone),
          zonedTimeToInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), window.closeMinute, timeZone),
        ] as const)
        .sort((a, b) => a[0] - b[0]);
      for (const [open, close] of spans) {
        const from = Math.max(open, cursor);
        if (from >= close) continue;
        if (remaining <= close - from) return new Date(from + remaining);
        remaining -= close - from;
        cursor = close;
      }
    }
    throw new ConfigError('SLA_BUSINESS_HOURS: no business time within three years');
  }

  /** When the 50% and 80% warnings and the breach fall for a ticket opened at `createdAt`. */
  points(createdAt: Date, priority: TicketPriority, channel?: ChannelName): Record<SlaLevel, Date> {
    const duration = this.durationMs(priority, channel);
    return Object.fromEntries(SLA_LEVEL_FRACTIONS.map(({ level, fraction }) => [level, this.addBusinessTime(createdAt, duration * fraction)])) as Record<SlaLevel, Date>;
  }
}
