import { describe, expect, it } from 'vitest';
import { parseBusinessHours, SlaPolicy } from '../../src/handoff/sla-policy.js';

const at = (iso: string) => new Date(iso);

describe('SLA policy', () => {
  it('is 7×24 by default: normal due in 24 h, urgent in 1 h, warnings at 50% and 80%', () => {
    const policy = new SlaPolicy({ normalHours: 24, urgentHours: 1, timeZone: 'UTC' });
    const points = policy.points(at('2026-11-21T23:30:00Z'), 'normal');
    expect(points.warn50.toISOString()).toBe('2026-11-22T11:30:00.000Z');
    expect(points.warn80.toISOString()).toBe('2026-11-22T18:42:00.000Z');
    expect(points.breach.toISOString()).toBe('2026-11-22T23:30:00.000Z');
    expect(policy.points(at('2026-11-21T23:30:00Z'), 'urgent').breach.toISOString()).toBe('2026-11-22T00:30:00.000Z');
  });

  it('counts only business hours, in the business time zone', () => {
    // Mon–Fri 09:00–18:00 in Dubai (UTC+4) = 05:00–14:00 UTC: 9 business hours a day.
    const policy = new SlaPolicy({ normalHours: 24, urgentHours: 1, timeZone: 'Asia/Dubai', businessHours: 'mon-fri 09:00-18:00' });
    // Friday 2026-11-20 16:00 Dubai (12:00 UTC): 2 h left on Friday, 9 on Monday, 9 on Tuesday, 4 on Wednesday.
    expect(policy.addBusinessTime(at('2026-11-20T12:00:00Z'), 24 * 3_600_000).toISOString()).toBe('2026-11-25T09:00:00.000Z');
    // Opened on Saturday night: the clock starts on Monday 09:00 Dubai.
    expect(policy.addBusinessTime(at('2026-11-21T20:00:00Z'), 3_600_000).toISOString()).toBe('2026-11-23T06:00:00.000Z');
    // Urgent at 17:30 Dubai on a Thursday: 30 min on Thursday, 30 min on Friday morning.
    expect(policy.points(at('2026-11-19T13:30:00Z'), 'urgent').breach.toISOString()).toBe('2026-11-20T05:30:00.000Z');
  });

  it('follows daylight saving time changes of the zone', () => {
    const policy = new SlaPolicy({ normalHours: 24, urgentHours: 1, timeZone: 'Europe/Madrid', businessHours: 'mon-fri 09:00-18:00' });
    // Friday 2026-03-27 17:00 CET (16:00 UTC); Monday 2026-03-30 is CEST (UTC+2), 09:00 = 07:00 UTC.
    expect(policy.addBusinessTime(at('2026-03-27T16:00:00Z'), 2 * 3_600_000).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('reads several windows and rejects nonsense with the variable named', () => {
    const windows = parseBusinessHours('mon-fri 09:00-18:00; sat 10:00-14:00');
    expect(windows.map((window) => [[...window.days].sort(), window.openMinute, window.closeMinute])).toEqual([
      [[1, 2, 3, 4, 5], 540, 1080],
      [[6], 600, 840],
    ]);
    expect([...parseBusinessHours('fri-mon 08:00-20:00')[0]!.days].sort()).toEqual([0, 1, 5, 6]);
    expect(() => parseBusinessHours('weekdays 9-5')).toThrow(/SLA_BUSINESS_HOURS/);
    expect(() => parseBusinessHours('mon-fri 18:00-09:00')).toThrow(/closes before it opens/);
    expect(() => parseBusinessHours('mon-fri 09:00-25:00')).toThrow(/bad time/);
  });
});
