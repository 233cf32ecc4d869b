import { describe, expect, it } from 'vitest';
import { ContactGuard } from '../../src/channels/shared/contact-guard.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TestClock } from '../helpers/core-harness.js';

describe('ContactGuard (first contact and reply window)', () => {
  it('refuses to write to someone who has not written first', async () => {
    const guard = new ContactGuard(new MemoryStore(), new TestClock());
    await expect(guard.assertMayWrite('whatsapp', '34600000001@c.us')).rejects.toMatchObject({
      code: 'E_CHANNEL_SEND',
      message: expect.stringContaining('has not written to us first'),
    });
  });

  it('allows writing once the customer wrote, on that channel and conversation only', async () => {
    const guard = new ContactGuard(new MemoryStore(), new TestClock());
    await guard.recordInbound('whatsapp', '34600000001@c.us');
    await expect(guard.assertMayWrite('whatsapp', '34600000001@c.us')).resolves.toBeUndefined();
    await expect(guard.assertMayWrite('whatsapp', '34600000002@c.us')).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    await expect(guard.assertMayWrite('wechat', '34600000001@c.us')).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
  });

  it('refuses a reply outside the 24-hour window with a message an agent understands', async () => {
    const clock = new TestClock();
    const guard = new ContactGuard(new MemoryStore(), clock);
    await guard.recordInbound('whatsapp', 'chat');
    clock.advance(23 * 3_600_000);
    await expect(guard.assertMayWrite('whatsapp', 'chat', 24)).resolves.toBeUndefined();
    clock.advance(2 * 3_600_000);
    await expect(guard.assertMayWrite('whatsapp', 'chat', 24)).rejects.toMatchObject({
      code: 'E_CHANNEL_SEND',
      message: expect.stringContaining('24-hour reply window'),
    });
    await guard.recordInbound('whatsapp', 'chat');
    await expect(guard.assertMayWrite('whatsapp', 'chat', 24)).resolves.toBeUndefined();
  });

  it('is shared through the store, so another process (or a restart) knows the contact', async () => {
    const store = new MemoryStore();
    await new ContactGuard(store, new TestClock()).recordInbound('teams', 'conv-1');
    await expect(new ContactGuard(store, new TestClock()).assertMayWrite('teams', 'conv-1')).resolves.toBeUndefined();
  });
});
