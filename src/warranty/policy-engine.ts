import { LockCareError } from '../errors.js';
import { addPeriod, compareDates, daysBetween, formatIsoDate, parseIsoDate, type CalendarDate } from './calendar-date.js';
import type { Policy, Remedy } from './policy-schema.js';
import { START_FIELD, type RegistryRecord } from './registry-record.js';

/**
 * The warranty decision: registry record + policy + question → status, remedies and reasons.
 * Pure and deterministic: no clock (the caller passes `asOf`), no store, no language model.
 */
export type WarrantyStatus = 'not-found' | 'excluded' | 'covered' | 'expired';

export interface WarrantyQuery {
  /** The calendar date to decide on ("today" in WARRANTY_TIMEZONE, or `--as-of`). */
  asOf: CalendarDate;
  /** The faulty part, if known. */
  component?: string;
  /** Causes of the fault, as cause ids (`unauthorized-repair`, ...). */
  causes?: readonly string[];
}

export interface RemedyResult {
  id: string;
  /** null = unknown, because the record lacks the date the period starts from. */
  covered: boolean | null;
  start: string | null;
  end: string | null;
  /** Days after `asOf` still covered (0 on the last day); null unless covered for a period. */
  daysLeft: number | null;
}

export interface WarrantyResult {
  serial: string;
  status: WarrantyStatus;
  policy: string | null;
  asOf: string;
  remedies: RemedyResult[];
  /** Cause ids and rule ids (`no-proof-of-purchase`, `component-not-covered`, `period-ended`, `missing-purchase-date`, `serial-not-found`, ...). */
  reasons: string[];
}

export const RULES = {
  notFound: 'serial-not-found',
  noProofOfPurchase: 'no-proof-of-purchase',
  componentNotCovered: 'component-not-covered',
  periodEnded: 'period-ended',
  periodNotStarted: 'period-not-started',
  missingDate: (field: string) => `missing-${field}-date`,
} as const;

/** The serial was not in the registry. */
export function notFoundResult(serial: string, asOf: CalendarDate): WarrantyResult {
  return { serial, status: 'not-found', policy: null, asOf: formatIsoDate(asOf), remedies: [], reasons: [RULES.notFound] };
}

/**
 * Proof of purchase (card, paid item 3): "Invalid warranty card or no purchase order (except for
 * the machine that can prove that the machine is within the free warranty period)". A valid card
 * or an order number is proof; so are the registry's own dates when they place the lock inside a
 * free period on `asOf` — the vendor's record is the proof the exception asks for.
 */
function lacksProofOfPurchase(record: RegistryRecord, policy: Policy, query: WarrantyQuery): boolean {
  if (!policy.proofOfPurchase || record.warrantyCard === 'valid' || record.orderNo?.trim()) return false;
  return !policy.remedies.some((remedy) => {
    if (!remedy.free || !remedyAppliesTo(remedy, query.component)) return false;
    const start = remedyStart(record, remedy);
    if (!start || !remedy.period) return false;
    return compareDates(start, query.asOf) <= 0 && compareDates(query.asOf, addPeriod(start, remedy.period)) <= 0;
  });
}

/** Why the free warranty does not apply at all. */
export function exclusionReasons(record: RegistryRecord, policy: Policy, query: WarrantyQuery): string[] {
  const asked = new Set(query.causes ?? []);
  const reasons = policy.voidingCauses.filter((cause) => asked.has(cause.id)).map((cause) => cause.id);
  if (query.component && policy.neverCovered?.components.includes(query.component)) reasons.push(RULES.componentNotCovered);
  if (lacksProofOfPurchase(record, policy, query)) reasons.push(RULES.noProofOfPurchase);
  return reasons;
}

function remedyStart(record: RegistryRecord, remedy: Remedy): CalendarDate | null {
  if (!remedy.startsFrom) return null;
  const value = record[START_FIELD[remedy.startsFrom]];
  return value ? parseIsoDate(value) : null;
}

/** Whether a component-limited remedy applies to the component asked about (any, when none is given). */
export function remedyAppliesTo(remedy: Remedy, component: string | undefined): boolean {
  return !component || !remedy.components || remedy.components.includes(component);
}

function evaluateRemedy(record: RegistryRecord, remedy: Remedy, query: WarrantyQuery, excluded: boolean): RemedyResult {
  if (!remedy.free || !remedy.period) return { id: remedy.id, covered: true, start: null, end: null, daysLeft: null };
  const start = remedyStart(record, remedy);
  const end = start ? addPeriod(start, remedy.period) : null;
  const dates = { start: start ? formatIsoDate(start) : null, end: end ? formatIsoDate(end) : null };
  if (excluded || !remedyAppliesTo(remedy, query.component)) return { id: remedy.id, covered: false, ...dates, daysLeft: null };
  if (!start || !end) return { id: remedy.id, covered: null, ...dates, daysLeft: null };
  const covered = compareDates(start, query.asOf) <= 0 && compareDates(query.asOf, end) <= 0;
  return { id: remedy.id, covered, ...dates, daysLeft: covered ? daysBetween(query.asOf, end) : null };
}

/** Decide the warranty of one registry record under its policy. */
export function evaluateWarranty(record: RegistryRecord, policy: Policy, query: WarrantyQuery): WarrantyResult {
  if (record.policy !== policy.id) throw new LockCareError('E_INTERNAL', `Record ${record.serial} is under ${record.policy}, not ${policy.id}`);
  if (query.component !== undefined && !policy.components.includes(query.component)) {
    throw new LockCareError('E_USAGE', `Unknown component "${query.component}" for policy ${policy.id} (known: ${policy.components.join(', ')})`);
  }
  const reasons = exclusionReasons(record, policy, query);
  const excluded = reasons.length > 0;
  const remedies = policy.remedies.map((remedy) => evaluateRemedy(record, remedy, query, excluded));

  let status: WarrantyStatus;
  if (excluded) status = 'excluded';
  else if (policy.remedies.some((remedy, index) => remedy.free && remedies[index]!.covered === true)) status = 'covered';
  else status = 'expired';

  if (!excluded) {
    policy.remedies.forEach((remedy, index) => {
      const result = remedies[index]!;
      if (result.covered === null && remedy.startsFrom) reasons.push(RULES.missingDate(remedy.startsFrom));
    });
    if (status === 'expired') {
      const relevant = policy.remedies.map((remedy, index) => ({ remedy, result: remedies[index]! }))
        .filter(({ remedy, result }) => remedy.free && result.end && remedyAppliesTo(remedy, query.component));
      if (relevant.some(({ result }) => result.end! < formatIsoDate(query.asOf))) reasons.push(RULES.periodEnded);
      if (relevant.some(({ result }) => result.start! > formatIsoDate(query.asOf))) reasons.push(RULES.periodNotStarted);
    }
  }
  return { serial: record.serial, status, policy: policy.id, asOf: formatIsoDate(query.asOf), remedies, reasons: [...new Set(reasons)] };
}
