import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { testTranslator } from '../helpers/core-harness.js';

const t = testTranslator();
let harness: Awaited<ReturnType<typeof createTestApp>> | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a WeChat puppet that fails to start', () => {
  it('is reported as retrying on /readyz while web and Teams stay up and the web chat still answers', async () => {
    // A puppet package that is not installed: Wechaty cannot load it, start() throws.
    harness = await createTestApp({ CHANNELS: 'web,teams,wechat', WECHATY_PUPPET: 'wechaty-puppet-lockcare-not-installed' });
    await harness.lockcare.start();

    const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', channels: { web: 'up', teams: 'up', wechat: 'retrying' } });
    // The reason and the attempts are for admins (GET /api/agent/status).
    const { channels } = await harness.app.readinessDetail();
    expect(channels.web).toMatchObject({ status: 'up' });
    expect(channels.teams).toMatchObject({ status: 'up' });
    expect(channels.wechat).toMatchObject({ status: 'retrying' });
    expect(channels.wechat!.attempts).toBeGreaterThanOrEqual(1);
    expect(channels.wechat!.lastError).toContain('wechaty-puppet-lockcare-not-installed');

    const conversation = await openWebConversation(harness.app);
    const reply = await conversation.post({ text: 'hola' });
    expect(reply.statusCode).toBe(200);
    expect((reply.json() as { messages: Array<{ text: string }> }).messages[0]!.text).toBe(t.t('es', 'menu.greeting'));
  });
});
