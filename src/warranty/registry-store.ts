import { LockCareError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { RegistryRecord } from './registry-record.js';
import type { RegistryRow } from './registry-csv.js';
import { canonicalSerial } from './serial.js';

/** What the last import wrote (`warranty:registry:meta`). */
export interface RegistryMeta {
  rows: number;
  source: string;
  importedAt: string;
}

export interface ImportProgress {
  done: number;
  total: number;
}

const RECORD_PREFIX = 'warranty:registry:serial:';
const META_KEY = 'warranty:registry:meta';
export const IMPORT_BATCH_SIZE = 1000;

/**
 * The product registry in the Store: one key per canonical serial holding the record as JSON.
 * An import writes with `setMany` in batches and upserts (rows absent from the file stay).
 */
export class RegistryStore {
  private expected = false;

  constructor(private readonly store: Store) {}

  /**
   * A registry is configured: from now on a serial that is not found while the registry's meta
   * key is missing too (Redis lost it; see RegistryWatch) fails with E_STORE, so the customer is
   * asked to try again instead of being told the product is not registered.
   */
  expectLoaded(): void {
    this.expected = true;
  }

  static keyFor(serial: string): string {
    return `${RECORD_PREFIX}${canonicalSerial(serial)}`;
  }

  /** Look a serial up in any written form ("hl8-2408-00123 " finds "HL8-2408-00123"). */
  async find(serial: string): Promise<RegistryRecord | null> {
    const canonical = canonicalSerial(serial);
    if (!canonical) return null;
    const raw = await this.store.get(`${RECORD_PREFIX}${canonical}`);
    if (raw) return JSON.parse(raw) as RegistryRecord;
    if (this.expected && !(await this.meta())) throw new LockCareError('E_STORE', 'The warranty registry is missing from the store and is being loaded again');
    return null;
  }

  async meta(): Promise<RegistryMeta | null> {
    const raw = await this.store.get(META_KEY);
    return raw ? (JSON.parse(raw) as RegistryMeta) : null;
  }

  /** Write rows in batches of `batchSize`, reporting progress after each batch. */
  async importRows(
    rows: readonly RegistryRow[],
    options: { source: string; now: Date; batchSize?: number; onProgress?: (progress: ImportProgress) => void },
  ): Promise<number> {
    const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      await this.store.setMany(batch.map((row) => [`${RECORD_PREFIX}${row.key}`, JSON.stringify(row.record)] as const));
      options.onProgress?.({ done: start + batch.length, total: rows.length });
    }
    const meta: RegistryMeta = { rows: rows.length, source: options.source, importedAt: options.now.toISOString() };
    await this.store.set(META_KEY, JSON.stringify(meta));
    return rows.length;
  }
}
