import { describe, expect, it } from 'vitest';
import { parseIsoDate, type CalendarDate } from '../../src/warranty/calendar-date.js';
import { evaluateWarranty, type WarrantyResult } from '../../src/warranty/policy-engine.js';
import type { RegistryRecord } from '../../src/warranty/registry-record.js';
import { policies } from '../helpers/warranty-harness.js';

/**
 * The money-deciding table. Every boundary is written as dates, with the day count spelled out:
 * day 0 is the installation (or purchase, delivery) day itself; "day 7" is 7 days after it.
 */
const date = (iso: string): CalendarDate => parseIsoDate(iso)!;

function record(overrides: Partial<RegistryRecord>): RegistryRecord {
  return {
    serial: 'T-0001', model: 'RF-200', policy: 'hotel-lock-3y', customer: 'Test Hotel', country: 'Spain', phone: '+34 600 000 000',
    orderNo: 'PO-1', seller: 'Seller', purchaseDate: '2026-02-20', deliveryDate: '2026-02-25', installationDate: '2026-03-01', warrantyCard: 'valid',
    ...overrides,
  };
}

function check(rec: RegistryRecord, asOf: string, query: { component?: string; causes?: string[] } = {}): WarrantyResult {
  return evaluateWarranty(rec, policies.get(rec.policy)!, { asOf: date(asOf), ...query });
}

const remedy = (result: WarrantyResult, id: string) => result.remedies.find((item) => item.id === id)!;

describe('remedy boundary days (covered from start to end inclusive)', () => {
  const installed = record({ installationDate: '2026-03-01' });
  it.each([
    // remedy, as of, day after installation, covered, daysLeft
    ['seller-return', '2026-02-28', 'day -1 (before installation)', false, null],
    ['seller-return', '2026-03-01', 'day 0 (installation day)', true, 7],
    ['seller-return', '2026-03-08', 'day 7', true, 0],
    ['seller-return', '2026-03-09', 'day 8', false, null],
    ['seller-replacement', '2026-03-16', 'day 15', true, 0],
    ['seller-replacement', '2026-03-17', 'day 16', false, null],
  ] as const)('%s on %s (%s): covered=%s', (id, asOf, _day, covered, daysLeft) => {
    const result = check(installed, asOf);
    expect(remedy(result, id)).toEqual({ id, covered, start: '2026-03-01', end: id === 'seller-return' ? '2026-03-08' : '2026-03-16', daysLeft });
  });

  it.each([
    // policy, remedy, start field, start, last covered day, day after
    ['hotel-lock-3y', 'free-maintenance', 'purchaseDate', '2023-11-21', '2026-11-21', '2026-11-22'],
    ['hotel-lock-3y', 'free-maintenance', 'purchaseDate', '2024-02-29', '2027-02-28', '2027-03-01'],
    ['global-12m', 'global-warranty', 'deliveryDate', '2025-08-31', '2026-08-31', '2026-09-01'],
    ['global-12m', 'global-warranty', 'deliveryDate', '2024-02-29', '2025-02-28', '2025-03-01'],
    ['global-12m', 'core-mechanical', 'deliveryDate', '2025-08-31', '2028-08-31', '2028-09-01'],
    ['global-12m', 'core-mechanical', 'deliveryDate', '2024-02-29', '2027-02-28', '2027-03-01'],
  ] as const)('%s %s from %s %s: last day %s covered, %s not', (policy, id, field, start, lastDay, dayAfter) => {
    const rec = record({ policy, installationDate: null, purchaseDate: null, deliveryDate: null, [field]: start });
    expect(remedy(check(rec, lastDay), id)).toEqual({ id, covered: true, start, end: lastDay, daysLeft: 0 });
    expect(remedy(check(rec, dayAfter), id)).toEqual({ id, covered: false, start, end: lastDay, daysLeft: null });
  });

  it('last day of the 3 years: status covered that day, expired (period-ended) the day after', () => {
    const rec = record({ purchaseDate: '2023-11-21', installationDate: '2023-12-04' });
    expect(check(rec, '2026-11-21')).toMatchObject({ status: 'covered', reasons: [] });
    expect(check(rec, '2026-11-22')).toMatchObject({ status: 'expired', reasons: ['period-ended'] });
  });

  it('counts days left in calendar days ("until 14 March 2028 — 478 days left")', () => {
    expect(remedy(check(record({ purchaseDate: '2025-03-14' }), '2026-11-22'), 'free-maintenance')).toMatchObject({ covered: true, end: '2028-03-14', daysLeft: 478 });
  });
});

describe('voiding causes', () => {
  const hotelCauses = ['unauthorized-repair', 'force-majeure', 'abnormal-environment', 'misuse', 'door-damage', 'lock-position-deviated'];
  const globalCauses = ['unauthorized-repair', 'incorrect-installation', 'incompatible-system', 'force-majeure', 'chemical-corrosion', 'improper-maintenance', 'misuse'];

  it('lists exactly the causes of each policy', () => {
    expect(policies.get('hotel-lock-3y')!.voidingCauses.map((cause) => cause.id).sort()).toEqual([...hotelCauses].sort());
    expect(policies.get('global-12m')!.voidingCauses.map((cause) => cause.id).sort()).toEqual([...globalCauses].sort());
  });

  it.each(hotelCauses)('hotel-lock-3y: %s makes a covered lock excluded, no free remedy left', (cause) => {
    const result = check(record({}), '2026-03-02', { causes: [cause] });
    expect(result.status).toBe('excluded');
    expect(result.reasons).toEqual([cause]);
    expect(result.remedies.map((item) => item.covered)).toEqual([false, false, false]);
  });

  it.each(globalCauses)('global-12m: %s makes a covered lock excluded; only parts-at-cost remains', (cause) => {
    const result = check(record({ policy: 'global-12m', deliveryDate: '2026-01-10' }), '2026-03-02', { causes: [cause] });
    expect(result.status).toBe('excluded');
    expect(result.reasons).toEqual([cause]);
    expect(result.remedies.map((item) => [item.id, item.covered])).toEqual([['global-warranty', false], ['core-mechanical', false], ['parts-at-cost', true]]);
  });

  it('a cause the policy does not list does not void it (door damage under global-12m)', () => {
    expect(check(record({ policy: 'global-12m', deliveryDate: '2026-01-10' }), '2026-03-02', { causes: ['door-damage'] })).toMatchObject({ status: 'covered', reasons: [] });
  });
});

describe('components', () => {
  it.each(['card', 'casing', 'manual'])('hotel-lock-3y never covers the %s: excluded (component-not-covered)', (component) => {
    expect(check(record({}), '2026-03-02', { component })).toMatchObject({ status: 'excluded', reasons: ['component-not-covered'] });
  });

  it.each(['cylinder', 'transmission', 'electronics'])('hotel-lock-3y covers the %s in the period', (component) => {
    expect(check(record({}), '2026-03-02', { component }).status).toBe('covered');
  });

  const global = record({ policy: 'global-12m', deliveryDate: '2025-08-31' });
  it.each([
    // as of, component, status, global-warranty, core-mechanical
    ['2026-05-01', undefined, 'covered', true, true],
    ['2026-05-01', 'electronics', 'covered', true, false],
    ['2026-09-01', undefined, 'covered', false, true],
    ['2026-09-01', 'cylinder', 'covered', false, true],
    ['2026-09-01', 'transmission', 'covered', false, true],
    ['2026-09-01', 'electronics', 'expired', false, false],
    ['2026-09-01', 'card', 'expired', false, false],
    ['2028-09-01', 'cylinder', 'expired', false, false],
  ] as const)('global-12m on %s, component %s: %s', (asOf, component, status, globalWarranty, core) => {
    const result = check(global, asOf, { component });
    expect(result.status).toBe(status);
    expect(remedy(result, 'global-warranty').covered).toBe(globalWarranty);
    expect(remedy(result, 'core-mechanical').covered).toBe(core);
    expect(remedy(result, 'parts-at-cost')).toEqual({ id: 'parts-at-cost', covered: true, start: null, end: null, daysLeft: null });
  });

  it('an unknown component is an error, not a guess', () => {
    expect(() => check(record({}), '2026-03-02', { component: 'door' })).toThrow(/Unknown component "door"/);
  });
});

describe('missing dates', () => {
  it('a remedy whose start date is missing is null (unknown), with the missing field as a reason', () => {
    const result = check(record({ purchaseDate: null, installationDate: '2024-06-05' }), '2026-11-21');
    expect(remedy(result, 'free-maintenance')).toEqual({ id: 'free-maintenance', covered: null, start: null, end: null, daysLeft: null });
    expect(result).toMatchObject({ status: 'expired', reasons: ['missing-purchase-date', 'period-ended'] });
  });

  it('no dates at all: every free remedy unknown', () => {
    const result = check(record({ purchaseDate: null, deliveryDate: null, installationDate: null }), '2026-11-21');
    expect(result.remedies.map((item) => item.covered)).toEqual([null, null, null]);
    expect(result.reasons).toEqual(['missing-installation-date', 'missing-purchase-date']);
  });

  it('a known remedy still decides: recent installation covered while the purchase date is missing', () => {
    const result = check(record({ purchaseDate: null, installationDate: '2026-11-17' }), '2026-11-21');
    expect(result.status).toBe('covered');
    expect(remedy(result, 'free-maintenance').covered).toBeNull();
  });

  it('a remedy limited to other components is false, not unknown, when its date is missing', () => {
    const result = check(record({ policy: 'global-12m', deliveryDate: null }), '2026-11-21', { component: 'electronics' });
    expect(remedy(result, 'core-mechanical').covered).toBe(false);
    expect(remedy(result, 'global-warranty').covered).toBeNull();
  });
});

describe('proof of purchase (hotel-lock-3y)', () => {
  // No dates on record: the registry cannot prove the period, so card and order decide.
  const undated = { purchaseDate: null, deliveryDate: null, installationDate: null };
  it.each([
    ['valid', null, 'expired', ['missing-installation-date', 'missing-purchase-date']],
    ['valid', 'PO-9', 'expired', ['missing-installation-date', 'missing-purchase-date']],
    ['invalid', 'PO-9', 'expired', ['missing-installation-date', 'missing-purchase-date']],
    ['missing', 'PO-9', 'expired', ['missing-installation-date', 'missing-purchase-date']],
    [null, 'PO-9', 'expired', ['missing-installation-date', 'missing-purchase-date']],
    ['missing', null, 'excluded', ['no-proof-of-purchase']],
    ['invalid', null, 'excluded', ['no-proof-of-purchase']],
    [null, null, 'excluded', ['no-proof-of-purchase']],
    ['missing', '   ', 'excluded', ['no-proof-of-purchase']],
  ] as const)('no dates on record, card %s, order %s: %s', (warrantyCard, orderNo, status, reasons) => {
    const result = check(record({ warrantyCard, orderNo, ...undated }), '2026-03-02');
    expect(result.status).toBe(status);
    expect(result.reasons).toEqual(reasons);
    if (status === 'excluded') expect(result.remedies.every((item) => item.covered === false)).toBe(true);
  });

  it.each([
    ['missing', null],
    ['invalid', null],
    [null, '  '],
  ] as const)('card %s, order %s, but the registry dates place the lock inside the free period: covered (the exception of paid item 3)', (warrantyCard, orderNo) => {
    const result = check(record({ warrantyCard, orderNo }), '2026-03-02');
    expect(result.status).toBe('covered');
    expect(result.reasons).toEqual([]);
    expect(remedy(result, 'free-maintenance').covered).toBe(true);
  });

  it('no card, no order and the registry dates show the period has ended: excluded for want of proof', () => {
    const result = check(record({ warrantyCard: 'missing', orderNo: null, purchaseDate: '2020-01-01', installationDate: '2020-01-05' }), '2026-03-02');
    expect(result.status).toBe('excluded');
    expect(result.reasons).toEqual(['no-proof-of-purchase']);
  });

  it('global-12m has no card rule: no card and no order is still covered', () => {
    expect(check(record({ policy: 'global-12m', deliveryDate: '2026-01-10', warrantyCard: 'missing', orderNo: null }), '2026-03-02').status).toBe('covered');
  });

  it('reasons combine: cause, never-covered component and no proof, in that order', () => {
    const result = check(record({ warrantyCard: 'missing', orderNo: null, ...undated }), '2026-03-02', { causes: ['misuse', 'force-majeure'], component: 'card' });
    expect(result.reasons).toEqual(['force-majeure', 'misuse', 'component-not-covered', 'no-proof-of-purchase']);
  });
});

describe('parts at cost', () => {
  it('is always covered but never makes the status covered by itself', () => {
    const result = check(record({ policy: 'global-12m', deliveryDate: '2020-01-01' }), '2026-11-21');
    expect(result.status).toBe('expired');
    expect(remedy(result, 'parts-at-cost').covered).toBe(true);
    expect(check(record({ policy: 'global-12m', deliveryDate: null }), '2026-11-21').status).toBe('expired');
  });
});

describe('output', () => {
  it('has exactly the CLI shape and key order', () => {
    expect(JSON.stringify(check(record({ policy: 'global-12m', deliveryDate: '2026-01-10' }), '2026-03-02'))).toBe(
      '{"serial":"T-0001","status":"covered","policy":"global-12m","asOf":"2026-03-02","remedies":[' +
        '{"id":"global-warranty","covered":true,"start":"2026-01-10","end":"2027-01-10","daysLeft":314},' +
        '{"id":"core-mechanical","covered":true,"start":"2026-01-10","end":"2029-01-10","daysLeft":1045},' +
        '{"id":"parts-at-cost","covered":true,"start":null,"end":null,"daysLeft":null}],"reasons":[]}',
    );
  });
});
