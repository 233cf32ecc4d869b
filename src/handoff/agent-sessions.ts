import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { AgentRole } from './agents-file.js';

/**
 * Console sessions in the store (any process can check them): a random id in an HttpOnly,
 * SameSite=Strict cookie; the store keeps only its SHA-256, for 12 hours.
 */
export const SESSION_COOKIE = 'lockcare_console';
export const SESSION_TTL_MS = 12 * 3_600_000;

export interface AgentSession {
  username: string;
  role: AgentRole;
  createdAt: string;
}

const sessionKey = (id: string) => `agent-session:${createHash('sha256').update(id).digest('hex')}`;

export class SessionStore {
  constructor(private readonly store: Store, private readonly ttlMs = SESSION_TTL_MS) {}

  async create(session: AgentSession): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.store.set(sessionKey(id), JSON.stringify(session), this.ttlMs);
    return id;
  }

  async get(id: string | undefined): Promise<AgentSession | null> {
    if (!id || !/^[A-Za-z0-9_-]{20,100}$/.test(id)) return null;
    const raw = await this.store.get(sessionKey(id));
    return raw ? (JSON.parse(raw) as AgentSession) : null;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.store.delete(sessionKey(id));
  }
}

/** Cookie header value for a session (Secure when the console is served over https). */
export function sessionCookie(id: string, secure: boolean, maxAgeMs = SESSION_TTL_MS): string {
  return [`${SESSION_COOKIE}=${id}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${Math.floor(maxAgeMs / 1000)}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/**
 * Brute-force throttling: after `maxFailures` wrong passwords for one username, or from one IP
 * address, within `windowMs`, sign-in answers 429 with Retry-After until the window ends.
 * Sign-in reserves each attempt first (`reserveAttempt`), so concurrent guesses count too.
 */
export class LoginThrottle {
  constructor(
    private readonly store: Store,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private keys(username: string, ip: string): string[] {
    const user = createHash('sha256').update(username.toLowerCase()).digest('hex').slice(0, 32);
    return [`login-fail:user:${user}`, `login-fail:ip:${ip}`];
  }

  /** Milliseconds until sign-in may be tried again, or 0 when it may now. */
  async blockedFor(username: string, ip: string): Promise<number> {
    const keys = this.keys(username, ip);
    const counts = await this.store.getMany(keys);
    let wait = 0;
    for (const [index, count] of counts.entries()) {
      if (Number(count ?? 0) >= this.maxFailures) wait = Math.max(wait, (await this.store.ttl(keys[index]!)) ?? this.windowMs);
    }
    return wait;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    for (const key of this.keys(username, ip)) await this.store.increment(key, 1, this.windowMs);
  }

  /**
   * Count this attempt before the password is checked, so parallel guesses cannot all slip in
   * while the slow hash runs: returns 0 when the attempt may go ahead, else the milliseconds
   * until sign-in may be tried again (the attempt is then refused without checking anything).
   */
  async reserveAttempt(username: string, ip: string): Promise<number> {
    let wait = 0;
    for (const key of this.keys(username, ip)) {
      const attempts = await this.store.increment(key, 1, this.windowMs);
      if (attempts > this.maxFailures) wait = Math.max(wait, (await this.store.ttl(key)) ?? this.windowMs);
    }
    return wait;
  }

  /**
   * A successful sign-in clears the username's failures, and gives back the address's reserved
   * attempt (an office signing in many agents from one address is not throttled).
   */
  async recordSuccess(username: string, ip: string): Promise<void> {
    const [userKey, ipKey] = this.keys(username, ip);
    await this.store.delete(userKey!);
    await this.store.increment(ipKey!, -1, this.windowMs);
  }
}
