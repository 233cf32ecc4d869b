import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Store } from '../../store/store.js';

/**
 * The store whatsapp-web.js's `RemoteAuth` expects (sessionExists / save / extract / delete),
 * on LockCare's Store, so a paired session survives moving the process to another machine.
 *
 * RemoteAuth zips the browser profile to `<dataPath>/<session>.zip` and then calls
 * `save({session})` — with the name only — so this store must know the same `dataPath`. On start
 * it calls `extract({session, path})` and unzips what we write to `path`. The zip is kept as
 * base64 under one key. (Read from node_modules/whatsapp-web.js/src/authStrategies/RemoteAuth.js.)
 */
export class StoreRemoteAuthStore {
  private readonly dataPath: string;

  constructor(
    private readonly store: Store,
    dataPath: string,
    private readonly prefix = 'whatsapp:session:',
  ) {
    // RemoteAuth resolves its dataPath the same way.
    this.dataPath = resolve(dataPath);
  }

  private keyOf(session: string): string {
    return `${this.prefix}${session}`;
  }

  async sessionExists({ session }: { session: string }): Promise<boolean> {
    return (await this.store.get(this.keyOf(session))) !== null;
  }

  async save({ session }: { session: string }): Promise<void> {
    const zip = await readFile(join(this.dataPath, `${session}.zip`));
    await this.store.set(this.keyOf(session), zip.toString('base64'));
  }

  async extract({ session, path }: { session: string; path: string }): Promise<void> {
    const value = await this.store.get(this.keyOf(session));
    if (value === null) throw new Error(`No saved WhatsApp session "${session}" in the store`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.from(value, 'base64'));
  }

  async delete({ session }: { session: string }): Promise<void> {
    await this.store.delete(this.keyOf(session));
  }
}
