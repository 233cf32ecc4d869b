import type { Store } from '../store/store.js';
import { todayIn, type CalendarDate } from './calendar-date.js';
import { evaluateWarranty, notFoundResult, type WarrantyQuery, type WarrantyResult } from './policy-engine.js';
import type { PolicySet } from './policy-loader.js';
import type { Policy } from './policy-schema.js';
import type { RegistryRecord } from './registry-record.js';
import { RegistryStore } from './registry-store.js';
import { VerificationLimiter, type AttemptLimits } from './verification.js';
import { LockCareError } from '../errors.js';

/** What dialogs and commands use to answer warranty questions (`ctx.services.warranty`). */
export interface WarrantyService {
  readonly policies: PolicySet;
  readonly registry: RegistryStore;
  readonly limiter: VerificationLimiter;
  /** WARRANTY_TIMEZONE: the zone in which "today" is taken. */
  readonly timeZone: string;
  /** Today's calendar date in the warranty time zone. */
  today(now: Date): CalendarDate;
  policyOf(record: RegistryRecord): Policy;
  /** Decide one record (with any dates the customer supplied already filled in). */
  evaluate(record: RegistryRecord, query: WarrantyQuery): WarrantyResult;
  /** Look a serial up and decide it; `not-found` when the registry does not have it. */
  check(serial: string, query: WarrantyQuery): Promise<WarrantyResult>;
}

export function createWarrantyService(options: { store: Store; policies: PolicySet; timeZone: string; limits?: AttemptLimits }): WarrantyService {
  const registry = new RegistryStore(options.store);
  const service: WarrantyService = {
    policies: options.policies,
    registry,
    limiter: new VerificationLimiter(options.store, options.limits),
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
  interface Services {
    warranty: WarrantyService;
  }
}
