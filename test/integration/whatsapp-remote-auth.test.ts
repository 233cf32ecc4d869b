import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wweb from 'whatsapp-web.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreRemoteAuthStore } from '../../src/channels/whatsapp/remote-auth-store.js';
import { createSilentLogger } from '../../src/logger.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { testRedisUrl } from '../helpers/redis.js';

/** whatsapp-web.js's own RemoteAuth, driven without a browser, on LockCare's store in Redis. */
function remoteAuthOn(store: RedisStore, dataPath: string) {
  const auth = new wweb.RemoteAuth({ store: new StoreRemoteAuthStore(store, dataPath), clientId: 'lockcare', dataPath, backupSyncIntervalMs: 60_000 });
  // The strategy reads only these two members of its client before the browser starts.
  Object.assign(auth, { client: { options: { puppeteer: {} }, emit: () => true } });
  return auth as unknown as {
    beforeBrowserInitialized(): Promise<void>;
    storeRemoteSession(options?: { emit?: boolean }): Promise<void>;
    disconnect(): Promise<void>;
    userDataDir: string;
  };
}

describe('RemoteAuth session kept in Redis (moving the process to another machine)', () => {
  let store: RedisStore;
  let root: string;
  beforeAll(async () => {
    store = await RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: 'test-whatsapp-remote-auth:' });
    root = await mkdtemp(join(tmpdir(), 'lockcare-wa-'));
  });
  afterAll(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('a session saved by one machine is restored on another', async () => {
    const first = remoteAuthOn(store, join(root, 'machine-a'));
    await first.beforeBrowserInitialized();
    const profile = join(first.userDataDir, 'Default', 'Local Storage');
    await mkdir(profile, { recursive: true });
    await writeFile(join(profile, 'leveldb.log'), 'paired-session-token');
    await first.storeRemoteSession();
    expect(await new StoreRemoteAuthStore(store, join(root, 'machine-a')).sessionExists({ session: 'RemoteAuth-lockcare' })).toBe(true);

    const second = remoteAuthOn(store, join(root, 'machine-b'));
    await second.beforeBrowserInitialized();
    // RemoteAuth resolves on unzipper's 'finish', a moment before the last file is flushed; Chromium starts later.
    const restored = join(second.userDataDir, 'Default', 'Local Storage', 'leveldb.log');
    await expect.poll(() => readFile(restored, 'utf8').catch(() => null)).toBe('paired-session-token');

    // Logging out deletes the saved session for every machine.
    await second.disconnect();
    expect(await new StoreRemoteAuthStore(store, join(root, 'machine-b')).sessionExists({ session: 'RemoteAuth-lockcare' })).toBe(false);
  });
});
