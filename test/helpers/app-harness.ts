import { buildApp, createLockCare, type LockCareOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';

/** The whole app (all features, web channel) on the in-memory store, for `app.inject` tests. */
export async function createTestApp(env: Record<string, string> = {}, overrides: LockCareOverrides = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_AGENT: 'false', ...env });
  const lockcare = await createLockCare(config, { logger: createSilentLogger(), ...overrides });
  const app = await buildApp(lockcare);
  await app.ready();
  return {
    lockcare,
    app,
    async close() {
      await app.close();
      await lockcare.close();
    },
  };
}

export async function openWebConversation(app: Awaited<ReturnType<typeof createTestApp>>['app']) {
  const response = await app.inject({ method: 'POST', url: '/api/web/conversations', payload: {} });
  const body = response.json() as { conversationId: string; token: string };
  const post = (payload: unknown, token = body.token) =>
    app.inject({
      method: 'POST',
      url: `/api/web/conversations/${body.conversationId}/messages`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  return { ...body, response, post };
}
