/**
 * Calendar dates as plain year-month-day integers. Warranty periods are counted in calendar
 * days, never in milliseconds, so no time of day or time zone can move a boundary. The only
 * place a clock instant becomes a date is `todayIn`, which takes the warranty time zone.
 */
export interface CalendarDate {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
}

/** A period in calendar terms: years and months are added first, then days. */
export interface CalendarPeriod {
  years?: number;
  months?: number;
  days?: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Build a date only when it exists on the calendar (no 2025-02-29, no 2025-13-01). */
export function makeDate(year: number, month: number, day: number): CalendarDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Parse `YYYY-MM-DD` strictly; null for any other shape or a date that does not exist. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  return makeDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function formatIsoDate(date: CalendarDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Days since 1970-01-01 (proleptic Gregorian), for counting and comparing. */
export function dayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000);
}

export function fromDayNumber(days: number): CalendarDate {
  const utc = new Date(days * 86_400_000);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

/** Negative when a is before b, 0 on the same day, positive after. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(a) - dayNumber(b);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * start + period in calendar terms. Years and months move the month and keep the day, clamped
 * to the last day of the target month (2024-02-29 + 3 years = 2027-02-28; 2025-08-31 + 1 month
 * = 2025-09-30); then days are added.
 */
export function addPeriod(start: CalendarDate, period: CalendarPeriod): CalendarDate {
  const totalMonths = start.year * 12 + (start.month - 1) + (period.years ?? 0) * 12 + (period.months ?? 0);
  const year = Math.floor(totalMonths / 12);
  const month = (totalMonths % 12) + 1;
  const day = Math.min(start.day, daysInMonth(year, month));
  const days = period.days ?? 0;
  const moved = { year, month, day };
  return days === 0 ? moved : fromDayNumber(dayNumber(moved) + days);
}

/** The calendar date of `instant` in an IANA time zone ("today" for warranty purposes). */
export function todayIn(timeZone: string, instant: Date): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((item) => item.type === type)?.value);
  const date = makeDate(part('year'), part('month'), part('day'));
  if (!date) throw new RangeError(`Cannot read a calendar date for ${instant.toISOString()} in ${timeZone}`);
  return date;
}

/** A Date at UTC midnight of the calendar date, for Intl formatting with `timeZone: 'UTC'`. */
export function toUtcMidnight(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}
