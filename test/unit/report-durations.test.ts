import { describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../src/reports/report-calendar.js';
import { minuteOf, slotOf } from '../../src/reports/report-query.js';
import { durationBucket } from '../../src/reports/report-recorder.js';
import { periodsOf } from '../../src/reports/rollup-store.js';

const MINUTE = 60_000;

describe('report durations', () => {
  it('keeps durations to the minute under 2 h, to 5 minutes under 48 h, to the hour beyond', () => {
    expect(durationBucket(119 * MINUTE + 59_999)).toBe(119);
    expect(durationBucket(124 * MINUTE)).toBe(120);
    expect(durationBucket(29 * 60 * MINUTE + 4 * MINUTE)).toBe(29 * 60);
    expect(durationBucket(50 * 60 * MINUTE + 59 * MINUTE)).toBe(50 * 60);
  });

  it('reads every bucket back as the same minute (exact medians at that precision), up to 90 days', () => {
    for (let minute = 0; minute <= 90 * 24 * 60; minute += 1) {
      const bucket = durationBucket(minute * MINUTE);
      expect(minuteOf(slotOf(bucket))).toBe(bucket);
    }
    expect(minuteOf(slotOf(durationBucket(400 * 24 * 60 * MINUTE)))).toBe(90 * 24 * 60);
  });
});

describe('report periods', () => {
  it('reads whole months as one document and the days at either end', () => {
    expect(periodsOf('2025-12-01', '2026-11-30')).toHaveLength(12);
    expect(periodsOf('2026-01-30', '2026-03-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02', '2026-03-01', '2026-03-02']);
    expect(periodsOf('2026-02-01', '2026-02-27')).toHaveLength(27);
  });

  it('names ISO weeks across year ends', () => {
    expect([isoWeekOf('2026-01-01'), isoWeekOf('2026-12-28'), isoWeekOf('2027-01-03'), isoWeekOf('2024-12-30')]).toEqual(['2026-W01', '2026-W53', '2026-W53', '2025-W01']);
  });
});
