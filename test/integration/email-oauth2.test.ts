import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail, startEmailHarness, type EmailHarness } from '../helpers/email-harness.js';
import { startTokenIntrospection } from '../helpers/oauth2-introspection.js';

/**
 * EMAIL_IMAP_TOKEN: LockCare signs in to IMAP with an OAuth2 access token instead of a password.
 * Dovecot checks the token with its oauth2 passdb against a token introspection endpoint on
 * 127.0.0.1 (RFC 7662; no network), for each SASL mechanism imapflow may pick.
 */
const TOKEN = 'ya29.test-access-token';

describe.each([['oauthbearer'], ['xoauth2']] as const)('IMAP sign-in with an OAuth2 access token (%s)', (mechanism) => {
  let introspection: Awaited<ReturnType<typeof startTokenIntrospection>>;
  let harness: EmailHarness;
  beforeAll(async () => {
    introspection = await startTokenIntrospection({ [TOKEN]: 'support@hotel-locks.test' });
    harness = await startEmailHarness(
      { EMAIL_IMAP_TOKEN: TOKEN, EMAIL_IMAP_PASSWORD: '', EMAIL_POLL_MS: '600000' },
      { dovecot: { oauth2IntrospectionUrl: introspection.url, oauth2Mechanisms: [mechanism] } },
    );
  });
  afterAll(async () => {
    await harness?.close();
    await introspection?.close();
  });

  it('reads the mailbox with the token and answers a mail', async () => {
    expect(harness.lockcare.supervisor.status().email?.status).toBe('up');
    expect(introspection.asked).toContain(TOKEN);
    const count = harness.smtp.mails.length;
    await harness.deliver(rawMail({ from: 'Ana <ana@hotel-mar.test>', subject: 'Keypad', text: 'The keypad code does not open the door.' }).raw);
    const [reply] = (await harness.smtp.waitFor(count + 1)).slice(count);
    expect(reply!.to).toEqual(['ana@hotel-mar.test']);
    expect(reply!.parsed.subject).toMatch(/^Re: \[LC-\d{6}\] Keypad$/);
  });

  it('a token the server does not accept (expired) leaves the channel retrying, with the reason', async () => {
    const other = await harness.startProcess({}, { EMAIL_IMAP_TOKEN: 'ya29.expired-token' });
    try {
      const status = other.lockcare.supervisor.status().email;
      expect(status?.status).toBe('retrying');
      expect(status?.lastError).toContain('could not be reached');
      expect(introspection.asked).toContain('ya29.expired-token');
    } finally {
      await other.close();
    }
  });
});
