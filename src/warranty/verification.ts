import { foldDigits } from '../core/normalize.js';
import type { Store } from '../store/store.js';
import { canonicalSerial } from './serial.js';

/**
 * Who may see a registry record: the person writing from the phone number (or, by e-mail, the
 * address) on record, or who knows the purchase order number on record. Failed attempts are counted per conversation;
 * after `maxFailures` in `windowMs`, lookups are refused for `lockMs`. An unknown serial fails
 * exactly like a wrong order number, so the bot never tells whether a serial exists.
 */

/** Digits only, without a leading international "00" or a "(0)" trunk hint: "+34 (0)612-345 678" → "34612345678". */
export function normalizePhone(phone: string): string {
  const digits = foldDigits(phone).replace(/\(0\)/g, '').replace(/\D/g, '');
  return digits.startsWith('00') ? digits.slice(2) : digits;
}

/** Same number, compared as normalised digits (both must include the country code). */
export function phonesMatch(channelPhone: string | undefined, recordPhone: string | null): boolean {
  if (!channelPhone || !recordPhone) return false;
  const a = normalizePhone(channelPhone);
  const b = normalizePhone(recordPhone);
  return a.length >= 6 && a === b;
}

/** The sender's address is one of the addresses on record (`;`-separated; case does not matter). */
export function emailsMatch(senderAddress: string | undefined, recordEmail: string | null | undefined): boolean {
  const sender = senderAddress?.trim().toLowerCase();
  if (!sender || !recordEmail) return false;
  return recordEmail.split(';').some((address) => address.trim().toLowerCase() === sender);
}

/** Order numbers compare like serials: case, spaces and dashes do not matter. */
export function orderNumbersMatch(given: string, recordOrderNo: string | null): boolean {
  if (!recordOrderNo) return false;
  const a = canonicalSerial(given);
  return a.length > 0 && a === canonicalSerial(recordOrderNo);
}

export interface AttemptLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { maxFailures: 3, windowMs: 3_600_000, lockMs: 3_600_000 };

export interface FailureOutcome {
  locked: boolean;
  /** Attempts left before the lock. */
  remaining: number;
}

/** Counts failed verifications per conversation in the store (so every instance sees them). */
export class VerificationLimiter {
  constructor(
    private readonly store: Store,
    private readonly limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS,
  ) {}

  private failuresKey(conversation: string): string {
    return `warranty:verify-failures:${conversation}`;
  }

  private lockKey(conversation: string): string {
    return `warranty:verify-lock:${conversation}`;
  }

  /** Whether lookups are refused for this conversation now. */
  async isLocked(conversation: string): Promise<boolean> {
    return (await this.store.get(this.lockKey(conversation))) !== null;
  }

  private attemptKey(conversation: string, attemptId: string): string {
    return `warranty:verify-attempt:${conversation}:${attemptId}`;
  }

  /**
   * Count one failed verification. `attemptId` is the inbound message's platform id: a turn
   * re-run after a compare-and-set conflict records the same failure again, and it must count
   * once, or two racing processes would lock the user out after two tries.
   */
  async recordFailure(conversation: string, attemptId: string): Promise<FailureOutcome> {
    const first = await this.store.setIfAbsent(this.attemptKey(conversation, attemptId), '1', this.limits.windowMs + this.limits.lockMs);
    if (!first) return this.currentOutcome(conversation);
    const failures = await this.store.increment(this.failuresKey(conversation), 1, this.limits.windowMs);
    if (failures >= this.limits.maxFailures) {
      await this.store.set(this.lockKey(conversation), String(failures), this.limits.lockMs);
      await this.store.delete(this.failuresKey(conversation));
      return { locked: true, remaining: 0 };
    }
    return { locked: false, remaining: this.limits.maxFailures - failures };
  }

  /** The outcome as it stands, for a failure that was already counted. */
  private async currentOutcome(conversation: string): Promise<FailureOutcome> {
    if (await this.isLocked(conversation)) return { locked: true, remaining: 0 };
    const failures = Number((await this.store.get(this.failuresKey(conversation))) ?? 0);
    return { locked: false, remaining: Math.max(0, this.limits.maxFailures - failures) };
  }
}
