import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';

const t = testTranslator();
let harness: Awaited<ReturnType<typeof createTestApp>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a channel that fails to start leaves the web chat working', () => {
  it('WhatsApp without a browser: /readyz shows it retrying with the reason, web up, the web chat still answers', async () => {
    harness = await createTestApp({ CHANNELS: 'web,whatsapp', CHROMIUM_PATH: '/nonexistent/chromium' });
    await harness.lockcare.start();

    const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', channels: { web: 'up', whatsapp: 'retrying' } });
    // The reason is for admins (GET /api/agent/status).
    const body = await harness.app.readinessDetail();
    expect(body.status).toBe('ready');
    expect(body.channels.web).toMatchObject({ status: 'up' });
    expect(body.channels.whatsapp).toMatchObject({ status: 'retrying' });
    expect(body.channels.whatsapp!.lastError).toContain('/nonexistent/chromium is missing or not executable');

    const conversation = await openWebConversation(harness.app);
    const reply = await conversation.post({ text: 'hola' });
    expect(reply.statusCode).toBe(200);
    expect((reply.json() as { messages: Array<{ text: string }> }).messages[0]!.text).toBe(t.t('es', 'menu.greeting'));
  });

  it('an agent reply to a WhatsApp customer while WhatsApp is down is refused with E_CHANNEL_SEND', async () => {
    harness = await createTestApp({ CHANNELS: 'web,whatsapp', CHROMIUM_PATH: '/nonexistent/chromium' });
    await harness.lockcare.start();
    const { ContactGuard } = await import('../../src/channels/shared/contact-guard.js');
    await new ContactGuard(harness.lockcare.store, harness.lockcare.clock).recordInbound('whatsapp', '34612345678@c.us');
    await expect(
      harness.lockcare.core.deliver({ channel: 'whatsapp', conversationId: '34612345678@c.us' }, [
        { reply: { type: 'text', text: 'Hola' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Lucía' } },
      ]),
    ).rejects.toMatchObject({ code: 'E_CHANNEL_SEND', message: expect.stringContaining('WhatsApp is not connected') });
  });
});
