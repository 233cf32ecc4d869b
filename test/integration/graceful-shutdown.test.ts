import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import type { Dialog } from '../../src/core/dialog.js';
import { createSilentLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';

/** A troubleshoot dialog that takes a while, to have a turn in flight during shutdown. */
const slowDialog: Dialog = {
  id: 'troubleshoot',
  async begin(ctx) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    ctx.say('slow answer');
  },
  continue() {},
};

describe('graceful shutdown', () => {
  it('finishes a turn that is in flight, then refuses new connections', async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DEMO_AGENT: 'false' });
    const server = await startServer(config, {
      logger: createSilentLogger(),
      features: [async () => ({ feature: baseFeature }), async () => ({ feature: { name: 'slow', dialogs: [slowDialog] } })],
    });
    const created = (await (await fetch(`${server.url}/api/web/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const inFlight = fetch(`${server.url}/api/web/conversations/${created.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'the door in room 305 will not open' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close();

    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: Array<{ text: string }> };
    expect(body.messages.at(-1)!.text).toBe('slow answer');
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
