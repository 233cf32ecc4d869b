import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { addPeriod, formatIsoDate, parseIsoDate, todayIn } from '../../src/warranty/calendar-date.js';
import { canonicalSerial, extractSerial } from '../../src/warranty/serial.js';
import { normalizePhone, orderNumbersMatch, phonesMatch, VerificationLimiter } from '../../src/warranty/verification.js';
import { createWarrantyService } from '../../src/warranty/warranty-service.js';
import { loadRegistry, policies } from '../helpers/warranty-harness.js';

const date = (iso: string) => parseIsoDate(iso)!;

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', { years: 3 }, '2027-02-28'],
    ['2024-02-29', { years: 4 }, '2028-02-29'],
    ['2025-08-31', { months: 12 }, '2026-08-31'],
    ['2025-08-31', { months: 1 }, '2025-09-30'],
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2026-12-28', { days: 7 }, '2027-01-04'],
    ['2028-02-25', { days: 7 }, '2028-03-03'],
  ])('%s + %o = %s', (start, period, end) => {
    expect(formatIsoDate(addPeriod(date(start), period))).toBe(end);
  });

  it.each(['2025-02-29', '2026-13-01', '2026-04-31', '2026-4-01', '26-04-01', '2026-04-01T00:00', ' 2026-04-01', ''])('rejects "%s"', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });

  it('takes "today" in the warranty time zone, not the server clock', () => {
    const lateEvening = new Date('2026-03-08T21:30:00Z');
    expect(formatIsoDate(todayIn('UTC', lateEvening))).toBe('2026-03-08');
    expect(formatIsoDate(todayIn('Asia/Dubai', lateEvening))).toBe('2026-03-09');
    expect(formatIsoDate(todayIn('America/Mexico_City', new Date('2026-03-09T03:00:00Z')))).toBe('2026-03-08');
  });
});

describe('WARRANTY_TIMEZONE decides the boundary day near midnight', () => {
  // RF300-2611-01502 was installed 2026-11-17: seller-return runs to 2026-11-24 inclusive.
  it.each([
    ['UTC', '2026-11-24T21:30:00Z', true],
    ['Asia/Dubai', '2026-11-24T21:30:00Z', false],
    ['America/Mexico_City', '2026-11-25T03:00:00Z', true],
    ['UTC', '2026-11-25T03:00:00Z', false],
  ] as const)('in %s at %s the 7-day return is covered: %s', async (timeZone, instant, covered) => {
    const service = createWarrantyService({ store: new MemoryStore(), policies, timeZone });
    await loadRegistry(service);
    const result = await service.check('RF300-2611-01502', { asOf: service.today(new Date(instant)) });
    expect(result.remedies.find((remedy) => remedy.id === 'seller-return')?.covered).toBe(covered);
  });
});

describe('unknown serials', () => {
  it('are not-found with no policy and no remedies', async () => {
    const service = createWarrantyService({ store: new MemoryStore(), policies, timeZone: 'UTC' });
    await loadRegistry(service);
    expect(await service.check(' ZZ-0000-404 ', { asOf: date('2026-11-21') })).toEqual({
      serial: 'ZZ-0000-404', status: 'not-found', policy: null, asOf: '2026-11-21', remedies: [], reasons: ['serial-not-found'],
    });
  });
});

describe('serial numbers', () => {
  it.each([
    ['RF200-2402-00231', 'RF200240200231'],
    ['  rf200-2402-00231 ', 'RF200240200231'],
    ['RF200 2402 00231', 'RF200240200231'],
    ['S/N: RF200-2402-00231', 'RF200240200231'],
    ['SN RF200 2402 00231', 'RF200240200231'],
    ['Serial No. RF200-2402-00231  Model: RF-200', 'RF200240200231'],
    ['Nº de serie: rf200-2402-00231', 'RF200240200231'],
    ['número de serie RF200.2402.00231', 'RF200240200231'],
    ['الرقم التسلسلي: RF200-2402-00231', 'RF200240200231'],
    ['RF200-٢٤٠٢-٠٠٢٣١', 'RF200240200231'],
    ['"RF200-2402-00231"', 'RF200240200231'],
  ])('"%s" → %s', (text, serial) => {
    expect(extractSerial(text)).toBe(serial);
  });

  it.each(['hello', 'my lock is broken', 'RF', '12', ''])('"%s" is not a serial', (text) => {
    expect(extractSerial(text)).toBeNull();
  });

  it('canonical form ignores case, spaces and punctuation', () => {
    expect(canonicalSerial(' gx12-2508-00311 ')).toBe(canonicalSerial('GX12 2508 00311'));
  });
});

describe('phones and order numbers', () => {
  it.each([
    ['+971 50 123 4567', '971501234567', true],
    ['00971501234567', '+971 50 123 4567', true],
    ['+52 (998) 123-4567', '529981234567', true],
    ['+34 (0)961 234 567', '+34 961 234 567', true],
    ['+971 50 123 4568', '+971 50 123 4567', false],
    ['501234567', '+971 50 123 4567', false],
    [undefined, '+971 50 123 4567', false],
    ['+971 50 123 4567', null, false],
  ] as const)('channel %s vs record %s: %s', (channel, recorded, match) => {
    expect(phonesMatch(channel, recorded)).toBe(match);
  });

  it('normalises to digits with the country code', () => {
    expect(normalizePhone('+20 100 234 5678')).toBe('201002345678');
  });

  it('order numbers match ignoring case, spaces and dashes, and never match an empty record', () => {
    expect(orderNumbersMatch('po ae 24 7781', 'PO-AE-24-7781')).toBe(true);
    expect(orderNumbersMatch('PO-AE-24-7782', 'PO-AE-24-7781')).toBe(false);
    expect(orderNumbersMatch('', null)).toBe(false);
    expect(orderNumbersMatch('---', '---')).toBe(false);
  });
});

describe('failed verification attempts', () => {
  it('count once per inbound message, so a turn re-run after a store conflict does not count twice', async () => {
    const limiter = new VerificationLimiter(new MemoryStore());
    expect(await limiter.recordFailure('web:c1', 'm1')).toEqual({ locked: false, remaining: 2 });
    expect(await limiter.recordFailure('web:c1', 'm1')).toEqual({ locked: false, remaining: 2 });
    expect(await limiter.recordFailure('web:c1', 'm2')).toEqual({ locked: false, remaining: 1 });
    expect(await limiter.isLocked('web:c1')).toBe(false);
    expect(await limiter.recordFailure('web:c1', 'm3')).toEqual({ locked: true, remaining: 0 });
    expect(await limiter.recordFailure('web:c1', 'm3')).toEqual({ locked: true, remaining: 0 });
    expect(await limiter.isLocked('web:c1')).toBe(true);
  });

  it('count separately per conversation', async () => {
    const limiter = new VerificationLimiter(new MemoryStore());
    await limiter.recordFailure('web:c1', 'm1');
    expect(await limiter.recordFailure('web:c2', 'm1')).toEqual({ locked: false, remaining: 2 });
  });
});
