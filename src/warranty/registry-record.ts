/** One product in the registry, as imported from the registry CSV. Empty fields are null. */
export interface RegistryRecord {
  /** The serial as written in the registry (the store key is its canonical form). */
  serial: string;
  model: string | null;
  /** Policy id (`hotel-lock-3y`, `global-12m`). */
  policy: string;
  customer: string | null;
  country: string | null;
  phone: string | null;
  orderNo: string | null;
  seller: string | null;
  /** `YYYY-MM-DD` calendar dates. */
  purchaseDate: string | null;
  deliveryDate: string | null;
  installationDate: string | null;
  /** Empty in the CSV = null, treated like `missing`. */
  warrantyCard: WarrantyCard | null;
  /**
   * The optional `email` column: the owner's address(es), lower-cased, `;`-separated. A mail from
   * one of them verifies a warranty question by mail. Absent on registries imported without it.
   */
  email?: string | null;
}

export const WARRANTY_CARDS = ['valid', 'invalid', 'missing'] as const;
export type WarrantyCard = (typeof WARRANTY_CARDS)[number];

/** The record field a remedy's `startsFrom` reads. */
export const START_FIELD = {
  purchase: 'purchaseDate',
  delivery: 'deliveryDate',
  installation: 'installationDate',
} as const satisfies Record<string, keyof RegistryRecord>;
