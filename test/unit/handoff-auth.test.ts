import { describe, expect, it } from 'vitest';
import { LoginThrottle, readSessionCookie, sessionCookie } from '../../src/handoff/agent-sessions.js';
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

describe('login throttling', () => {
  it('blocks a username after 5 failures within 15 minutes, then lets it try again', async () => {
    const clock = new TestClock();
    const throttle = new LoginThrottle(new MemoryStore(() => clock.now().getTime()));
    for (let failure = 1; failure <= 4; failure += 1) await throttle.recordFailure('maria', `10.0.0.${failure}`);
    expect(await throttle.blockedFor('maria', '10.0.0.9')).toBe(0);
    await throttle.recordFailure('maria', '10.0.0.5');
    expect(await throttle.blockedFor('Maria', '10.0.0.9')).toBe(15 * 60_000);
    expect(await throttle.blockedFor('omar', '10.0.0.9')).toBe(0);
    clock.advance(15 * 60_000 + 1);
    expect(await throttle.blockedFor('maria', '10.0.0.9')).toBe(0);
  });

  it('blocks an address that tries many usernames', async () => {
    const throttle = new LoginThrottle(new MemoryStore());
    for (const name of ['a1', 'b2', 'c3', 'd4', 'e5']) await throttle.recordFailure(name, '192.0.2.7');
    expect(await throttle.blockedFor('f6', '192.0.2.7')).toBeGreaterThan(14 * 60_000);
    expect(await throttle.blockedFor('f6', '192.0.2.8')).toBe(0);
  });

  it('a successful sign-in clears the username\'s failures', async () => {
    const throttle = new LoginThrottle(new MemoryStore());
    for (let failure = 1; failure <= 4; failure += 1) await throttle.recordFailure('maria', `10.0.1.${failure}`);
    await throttle.recordSuccess('maria', '10.0.1.1');
    await throttle.recordFailure('maria', '10.0.2.1');
    expect(await throttle.blockedFor('maria', '10.0.3.1')).toBe(0);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ and Secure only over https', () => {
    expect(sessionCookie('abc', false)).toBe('lockcare_console=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200');
    expect(sessionCookie('abc', true)).toMatch(/; Secure$/);
    expect(readSessionCookie('theme=dark; lockcare_console=xyz123')).toBe('xyz123');
  });
});
