import { LockCareError } from '../errors.js';
import type { Store } from '../store/store.js';
import { todayIn, type CalendarDate } from './calendar-date.js';
import { evaluateWarranty, notFoundResult, RULES, type WarrantyQuery, type WarrantyResult } from './policy-engine.js';
import type { PolicySet } from './policy-loader.js';
import type { Clause, Policy } from './policy-schema.js';
import type { RegistryRecord } from './registry-record.js';
import { RegistryStore } from './registry-store.js';
import { extractSerial } from './serial.js';
import { emailsMatch, orderNumbersMatch, phonesMatch, VerificationLimiter, type AttemptLimits, type FailureOutcome } from './verification.js';

// The data the warranty service speaks in, and the pure calendar and remedy helpers on it, so
// dialogs import this one module of src/warranty (test/unit/import-rules.test.ts).
export { compareDates, formatIsoDate, makeDate, parseIsoDate, toUtcMidnight, type CalendarDate } from './calendar-date.js';
export { remedyAppliesTo, type RemedyResult, type WarrantyQuery, type WarrantyResult } from './policy-engine.js';
export type { Clause, FaultQuestion, Policy, Remedy } from './policy-schema.js';
export { START_FIELD, type RegistryRecord } from './registry-record.js';
export type { FailureOutcome } from './verification.js';

/**
 * What dialogs use to answer warranty questions (`ctx.services.warranty`): verify, look up,
 * evaluate, and explain (the policy's clauses, `policyOf`, quoted through `reasonClauses`).
 */
export interface WarrantyDesk {
  /** Look up: the registry record of a serial, or null. */
  find(serial: string): Promise<RegistryRecord | null>;
  /** Verify: the serial in a customer's message ("my lock is HL-2045-88123"), canonical, or null. */
  extractSerial(text: string): string | null;
  /** Verify: the channel's phone number is the registered one. */
  phoneMatches(record: RegistryRecord, phone: string | undefined): boolean;
  /** Verify (e-mail): the sender's address is one on record (the registry's optional `email` column). */
  emailMatches(record: RegistryRecord, address: string | undefined): boolean;
  /** Verify: the order number the customer typed is the registered one. */
  orderNumberMatches(record: RegistryRecord, given: string): boolean;
  /** Verify: too many failed attempts from this conversation lock it for a while. */
  isLocked(conversationKey: string): Promise<boolean>;
  /** Verify: count a failed attempt once per inbound message (`attemptId`). */
  recordFailure(conversationKey: string, attemptId: string): Promise<FailureOutcome>;
  /** Evaluate: today's calendar date in the warranty time zone. */
  today(now: Date): CalendarDate;
  /** Evaluate: the policy a record is sold under. */
  policyOf(record: RegistryRecord): Policy;
  /** Evaluate: decide one record (with any dates the customer supplied already filled in). */
  evaluate(record: RegistryRecord, query: WarrantyQuery): WarrantyResult;
}

/** The whole service: the desk, plus what the feature, the CLI and the bench use (registry import, policies). */
export interface WarrantyService extends WarrantyDesk {
  readonly policies: PolicySet;
  readonly registry: RegistryStore;
  readonly limiter: VerificationLimiter;
  /** WARRANTY_TIMEZONE: the zone in which "today" is taken. */
  readonly timeZone: string;
  /** Look a serial up and decide it; `not-found` when the registry does not have it. */
  check(serial: string, query: WarrantyQuery): Promise<WarrantyResult>;
}

/** Explain: the clauses each exclusion reason rests on (voiding cause, never-covered component, no proof of purchase), once each. */
export function reasonClauses(policy: Policy, reasons: readonly string[]): Clause[] {
  const clauses: Clause[] = [];
  for (const reason of reasons) {
    const cause = policy.voidingCauses.find((item) => item.id === reason);
    if (cause) clauses.push(cause.clause);
    if (reason === RULES.componentNotCovered && policy.neverCovered) clauses.push(policy.neverCovered.clause);
    if (reason === RULES.noProofOfPurchase && policy.proofOfPurchase) clauses.push(policy.proofOfPurchase.clause);
  }
  return [...new Set(clauses)];
}

export function createWarrantyService(options: { store: Store; policies: PolicySet; timeZone: string; limits?: AttemptLimits }): WarrantyService {
  const registry = new RegistryStore(options.store);
  const limiter = new VerificationLimiter(options.store, options.limits);
  const service: WarrantyService = {
    policies: options.policies,
    registry,
    limiter,
    find: (serial) => registry.find(serial),
    extractSerial,
    phoneMatches: (record, phone) => phonesMatch(phone, record.phone),
    orderNumberMatches: (record, given) => orderNumbersMatch(given, record.orderNo),
    emailMatches: (record, address) => emailsMatch(address, record.email),
    isLocked: (conversationKey) => limiter.isLocked(conversationKey),
    recordFailure: (conversationKey, attemptId) => limiter.recordFailure(conversationKey, attemptId),
    timeZone: options.timeZone,
    today: (now) => todayIn(options.timeZone, now),
    policyOf(record) {
      const policy = options.policies.get(record.policy);
      if (!policy) throw new LockCareError('E_CONTENT', `Registry record ${record.serial} names policy "${record.policy}", which is not loaded from POLICIES_DIR`);
      return policy;
    },
    evaluate: (record, query) => evaluateWarranty(record, service.policyOf(record), query),
    async check(serial, query) {
      const record = await registry.find(serial);
      return record ? service.evaluate(record, query) : notFoundResult(serial.trim(), query.asOf);
    },
  };
  return service;
}

declare module '../core/dialog.js' {
  interface FeatureServices {
    warranty: WarrantyDesk;
  }
}
