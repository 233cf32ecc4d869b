import { describe, expect, it } from 'vitest';
import { readSessionCookie, sessionCookie } from '../../src/handoff/agent-sessions.js';
import { SignInThrottle } from '../../src/handoff/sign-in-throttle.js';
import { hashPassword, parsePasswordHash, verifyPassword } from '../../src/handoff/password-hash.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TestClock } from '../helpers/core-harness.js';

describe('scrypt password hashes', () => {
  it('keep parameters and a per-user salt in the string, never the password', async () => {
    const password = 'correct horse battery';
    const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(first).toMatch(/^scrypt\$N=32768,r=8,p=3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(password);
    expect(parsePasswordHash(first)?.salt).toHaveLength(16);
    expect(await verifyPassword(password, first)).toBe(true);
    expect(await verifyPassword(password, second)).toBe(true);
    expect(await verifyPassword('correct horse battery!', first)).toBe(false);
  });

  it('verify hashes written with other parameters, and refuse malformed ones', async () => {
    const cheap = await hashPassword('a-long-password', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$N=1024,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('a-long-password', cheap)).toBe(true);
    expect(await verifyPassword('a-long-password', 'plain-text')).toBe(false);
    expect(await verifyPassword('a-long-password', cheap.replace('N=1024', 'N=1000'))).toBe(false);
  });
});

describe('sign-in throttling', () => {
  const limits = { perPair: 5, perAddress: 10, perUsername: 50, windowMs: 15 * 60_000 };
  const tries = async (throttle: SignInThrottle, username: string, address: string, times: number) => {
    const waits: number[] = [];
    for (let n = 0; n < times; n += 1) waits.push(await throttle.reserveAttempt(username, address));
    return waits;
  };

  it('blocks a (username, address) pair after 5 attempts within 15 minutes, then lets it try again', async () => {
    const clock = new TestClock();
    const throttle = new SignInThrottle(new MemoryStore(() => clock.now().getTime()), limits);
    expect(await tries(throttle, 'maria', '10.0.0.1', 5)).toEqual([0, 0, 0, 0, 0]);
    expect(await throttle.reserveAttempt('Maria', '10.0.0.1')).toBe(15 * 60_000);
    clock.advance(15 * 60_000 + 1);
    expect(await throttle.reserveAttempt('maria', '10.0.0.1')).toBe(0);
  });

  it('does not let a stranger lock a colleague out: 5 wrong from one address leave other addresses free', async () => {
    const throttle = new SignInThrottle(new MemoryStore(), limits);
    await tries(throttle, 'maria', '192.0.2.66', 8);
    expect(await throttle.reserveAttempt('maria', '192.0.2.66')).toBeGreaterThan(0);
    expect(await throttle.reserveAttempt('maria', '10.0.0.2')).toBe(0);
  });

  it('blocks an address that tries many usernames (10 per window)', async () => {
    const throttle = new SignInThrottle(new MemoryStore(), limits);
    for (let n = 0; n < 10; n += 1) expect(await throttle.reserveAttempt(`user${n}`, '192.0.2.7')).toBe(0);
    expect(await throttle.reserveAttempt('f6', '192.0.2.7')).toBeGreaterThan(14 * 60_000);
    expect(await throttle.reserveAttempt('f6', '192.0.2.8')).toBe(0);
  });

  it('blocks a username only past its much higher ceiling (50, from many addresses), and refused attempts do not count toward it', async () => {
    const throttle = new SignInThrottle(new MemoryStore(), limits);
    // One address hammering: refused by the pair and address limits, never reaching the username's ceiling.
    await tries(throttle, 'omar', '198.51.100.1', 200);
    expect(await throttle.reserveAttempt('omar', '10.9.0.1')).toBe(0);
    // Ten addresses with five guesses each use up the ceiling (49 more + the one above).
    for (let n = 2; n <= 11; n += 1) await tries(throttle, 'omar', `198.51.100.${n}`, 5);
    expect(await throttle.reserveAttempt('omar', '10.9.0.2')).toBeGreaterThan(0);
  });

  it("a successful sign-in clears the pair's failures", async () => {
    const throttle = new SignInThrottle(new MemoryStore(), limits);
    await tries(throttle, 'maria', '10.0.1.1', 4);
    await throttle.recordSuccess('maria', '10.0.1.1');
    expect(await tries(throttle, 'maria', '10.0.1.1', 5)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ and Secure only over https', () => {
    expect(sessionCookie('abc', false)).toBe('lockcare_console=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200');
    expect(sessionCookie('abc', true)).toMatch(/; Secure$/);
    expect(readSessionCookie('theme=dark; lockcare_console=xyz123')).toBe('xyz123');
  });
});
