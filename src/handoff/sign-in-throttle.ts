import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';

export interface SignInLimits {
  /** Wrong passwords for one username from one address (the usual guessing). */
  perPair: number;
  /** Attempts from one address, whatever the username (one address trying many accounts). */
  perAddress: number;
  /**
   * Attempts for one username from every address together. Much higher than `perPair`, so a
   * stranger cannot lock a colleague out: that takes `perUsername / perAddress` addresses.
   */
  perUsername: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perPair: 5, perAddress: 10, perUsername: 50, windowMs: 15 * 60_000 };

const hashed = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Sign-in throttling after OWASP's authentication guidance: limits per (username, address)
 * pair and per address, and per username only with a much higher ceiling, so five wrong
 * passwords from one address no longer lock the real agent out everywhere.
 *
 * Each attempt is reserved (counted) before the slow password check, so parallel guesses count
 * too. An attempt refused by the pair or address limit does not count against the username, so
 * hammering from one address cannot use up the username's ceiling either.
 */
export class SignInThrottle {
  constructor(
    private readonly store: Store,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  private keys(username: string, address: string) {
    const user = hashed(username.toLowerCase());
    return {
      pair: `login-fail:pair:${user}:${hashed(address)}`,
      address: `login-fail:ip:${address}`,
      username: `login-fail:user:${user}`,
    };
  }

  /** Count the attempt; over `limit`, the milliseconds until the counter's window ends. */
  private async count(key: string, limit: number): Promise<number> {
    const attempts = await this.store.increment(key, 1, this.limits.windowMs);
    return attempts > limit ? ((await this.store.ttl(key)) ?? this.limits.windowMs) : 0;
  }

  /**
   * Count this attempt before the password is checked: returns 0 when it may go ahead, else the
   * milliseconds until sign-in may be tried again (the attempt is refused unchecked).
   */
  async reserveAttempt(username: string, address: string): Promise<number> {
    const keys = this.keys(username, address);
    const local = Math.max(await this.count(keys.pair, this.limits.perPair), await this.count(keys.address, this.limits.perAddress));
    if (local > 0) return local;
    return this.count(keys.username, this.limits.perUsername);
  }

  /**
   * A successful sign-in clears the pair's failures and gives back the reserved attempt of the
   * address and the username (an office signing in many agents from one address is not throttled).
   */
  async recordSuccess(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await this.store.delete(keys.pair);
    await this.store.increment(keys.address, -1, this.limits.windowMs);
    await this.store.increment(keys.username, -1, this.limits.windowMs);
  }
}
