import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { LockCareError } from '../../errors.js';
import { StoreRemoteAuthStore } from './remote-auth-store.js';
import type { WhatsappClientContext, WhatsappClientLike } from './whatsapp-client.js';

/** Chromium flags for a headless server; the same set the e2e tests use. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** RemoteAuth copies the session to the store this often (the library's minimum is one minute). */
const REMOTE_BACKUP_MS = 5 * 60_000;

/** Fail with a clear message (and no download attempt) when the configured browser is missing. */
export async function assertChromium(executablePath: string): Promise<void> {
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new LockCareError(
      'E_CHANNEL_START',
      `WhatsApp needs Chromium, but ${executablePath} is missing or not executable. Install Debian's chromium package or set CHROMIUM_PATH; LockCare never downloads a browser.`,
    );
  }
}

/**
 * The real whatsapp-web.js client on Debian's Chromium. LocalAuth keeps the paired session in
 * WHATSAPP_DATA_PATH; with WHATSAPP_AUTH=remote (default when REDIS_URL is set) RemoteAuth keeps
 * it in the store too, so the session survives moving the process to another machine.
 */
export async function createWwebClient({ config, store, logger }: WhatsappClientContext): Promise<WhatsappClientLike> {
  const { chromiumPath, dataPath, auth } = config.whatsapp;
  await assertChromium(chromiumPath);
  // CommonJS package: its default export is the module object. Loaded only when WhatsApp runs.
  const { default: wweb } = await import('whatsapp-web.js');
  const authStrategy =
    auth === 'remote'
      ? new wweb.RemoteAuth({ store: new StoreRemoteAuthStore(store, dataPath), clientId: 'lockcare', dataPath, backupSyncIntervalMs: REMOTE_BACKUP_MS })
      : new wweb.LocalAuth({ clientId: 'lockcare', dataPath });
  logger.info({ channel: 'whatsapp', auth, chromiumPath }, 'starting WhatsApp Web client');
  const client = new wweb.Client({
    authStrategy,
    puppeteer: { executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS },
    webVersionCache: { type: 'local', path: join(dataPath, 'web-cache') },
  });
  // The library's Client is an EventEmitter with these names; its typings overload `on` per event.
  return client as unknown as WhatsappClientLike;
}
