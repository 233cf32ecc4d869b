import { describe, expect, it } from 'vitest';
import { stripIsolates } from '../../src/core/bidi.js';
import { testTranslator } from '../helpers/core-harness.js';
import { createWarrantyCore, policies } from '../helpers/warranty-harness.js';

/**
 * Issue 12, defect 8: when only the extension for core mechanical parts is still running (the
 * 12-month global warranty has ended), the headline says the lock is *partly* under warranty and
 * names the parts, instead of "is under warranty".
 */
const t = testTranslator();
const GREETING = { en: 'hello', es: 'hola', ar: 'مرحبا' } as const;

async function statusOf(language: keyof typeof GREETING, serial: string, phone: string) {
  const harness = await createWarrantyCore();
  harness.clock.set('2026-11-22T09:00:00Z');
  const u = harness.user('c1', { user: { id: 'u1', phone } });
  await u.say(GREETING[language]);
  await u.say({ value: 'menu:warranty' });
  const out = await u.say(serial);
  return stripIsolates(out[1]!).split('\n')[0];
}

describe.each(['en', 'es', 'ar'] as const)('the warranty headline in %s', (language) => {
  const policy = policies.get('global-12m')!;
  const vars = (lock: string) => ({ lock, policy: policy.name[language] });

  it('says "partly" and names the parts when only core mechanical parts are covered', async () => {
    // Delivered 2025-08-31: the global warranty ended 2026-08-31; cylinder and transmission run to 2028.
    const headline = await statusOf(language, 'GX12-2508-00311', '+34 925 111 222');
    const parts = new Intl.ListFormat(language === 'en' ? 'en-GB' : language, { type: 'conjunction' }).format([
      t.t(language, 'warranty.components.cylinder'),
      t.t(language, 'warranty.components.transmission'),
    ]);
    expect(headline).toBe(stripIsolates(t.t(language, 'warranty.status.partlyCovered', { ...vars('GX12-2508-00311 (RF-300)'), parts })));
    expect(headline).not.toBe(stripIsolates(t.t(language, 'warranty.status.covered', vars('GX12-2508-00311 (RF-300)'))));
  });

  it('still says "under warranty" while the global warranty covers every part', async () => {
    const headline = await statusOf(language, 'GX12-2603-00452', '+52 55 5555 0142');
    expect(headline).toBe(stripIsolates(t.t(language, 'warranty.status.covered', vars('GX12-2603-00452 (BT-500)'))));
  });
});
