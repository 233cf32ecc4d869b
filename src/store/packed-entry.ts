/**
 * How `MemoryStore` keeps a value: one string, `<version>;<expiresAt>;<value>`. A
 * `{ value, version, expiresAt }` record beside the value string costs 64 bytes of heap (the
 * object and its boxed expiry); the two numbers written into the string cost about 16 characters.
 * Every idle conversation keeps its state as such a value.
 */
export interface Entry {
  value: string;
  version: number;
  /** Epoch ms; 0 = no expiry. */
  expiresAt: number;
}

/** One flat string (`join` builds it in one piece, not as a tree of its parts). */
export function packEntry(entry: Entry): string {
  return [entry.version, ';', entry.expiresAt, ';', entry.value].join('');
}

export function unpackEntry(packed: string): Entry {
  const first = packed.indexOf(';');
  const second = packed.indexOf(';', first + 1);
  return { version: Number(packed.slice(0, first)), expiresAt: Number(packed.slice(first + 1, second)), value: packed.slice(second + 1) };
}
