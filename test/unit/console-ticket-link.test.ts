import { describe, expect, it } from 'vitest';
// @ts-expect-error -- browser module without types, served to the console as is
import { ticketIdFromHash } from '../../src/handoff/console-page/console-render.js';
import { consoleTicketUrl } from '../../src/handoff/console-routes.js';

const fromHash = ticketIdFromHash as (hash: string) => string | null;

describe('console links to a ticket: what notice mails send is what the console opens', () => {
  it('builds <PUBLIC_URL>/console#LC-… with or without a trailing slash, and the console reads the ticket back from it', () => {
    for (const base of ['https://support.vendor.test', 'https://support.vendor.test/', 'https://vendor.test/lockcare/']) {
      const url = consoleTicketUrl(base, 'LC-000042');
      expect(url).toMatch(/^https:\/\/[^#]+[^/]\/console#LC-000042$/);
      expect(fromHash(new URL(url).hash)).toBe('LC-000042');
    }
  });

  it('ignores any other fragment', () => {
    for (const hash of ['', '#', '#queue', '#LC-42', '#LC-000042<img>', '#lc-000042', '#%E0%A4%A']) expect(fromHash(hash)).toBeNull();
  });
});
