import { describe, expect, it } from 'vitest';
import { formatDueTime } from '../../src/handoff/due-format.js';

const due = new Date('2026-11-22T10:00:00Z');

describe('the deadline as the customer reads it', () => {
  it('is written in English in the user\'s time zone', () => {
    expect(formatDueTime(due, 'en', 'Asia/Dubai')).toBe('Sunday, 22 November 2026 at 14:00 GST');
  });

  it('is written in Spanish, in the user\'s time zone', () => {
    expect(formatDueTime(due, 'es', 'Europe/Madrid')).toBe('domingo, 22 de noviembre de 2026, 11:00 CET');
  });

  it('is written in Arabic, in the user\'s time zone', () => {
    const text = formatDueTime(due, 'ar', 'Asia/Riyadh');
    expect(text).toContain('الأحد');
    expect(text).toContain('نوفمبر');
    expect(text).toMatch(/1:00\s?م/);
  });

  it('falls back to UTC when the time zone is unknown or invalid', () => {
    expect(formatDueTime(due, 'en')).toBe('Sunday, 22 November 2026 at 10:00 UTC');
    expect(formatDueTime(due, 'en', 'Mars/Olympus')).toBe('Sunday, 22 November 2026 at 10:00 UTC');
    expect(formatDueTime(due, 'ar')).toContain('UTC');
  });
});
