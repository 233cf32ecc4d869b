/**
 * How `MemoryStore` keeps a list: one string, `<expiresAt>;<count>;` followed by each item as
 * `<length>:<item>` (length in UTF-16 code units, so any text fits, separators included).
 *
 * Every idle conversation keeps its transcript as a list, and an array of strings under a
 * `{ items, expiresAt }` record costs about 160 bytes of heap per three-entry transcript beyond
 * its text (a header per item string, the array and its backing store, the record, a boxed
 * expiry). One string costs one header. Reads slice the items out again; an append copies the
 * list once (lists are capped: a full 500-entry transcript is some 100 KB to copy), and walks
 * the items only to drop the oldest.
 */

interface Header {
  /** Epoch ms after which the list is gone; 0 = never. */
  expiresAt: number;
  count: number;
  /** Where the first item's length prefix starts. */
  bodyStart: number;
}

function readHeader(packed: string): Header {
  const first = packed.indexOf(';');
  const second = packed.indexOf(';', first + 1);
  return { expiresAt: Number(packed.slice(0, first)), count: Number(packed.slice(first + 1, second)), bodyStart: second + 1 };
}

/** Epoch ms after which the list is gone; 0 = never. */
export function packedExpiry(packed: string): number {
  return Number(packed.slice(0, packed.indexOf(';')));
}

/** The first `limit` items as [where the length prefix starts, where the text starts, where it ends]. */
function itemBounds(packed: string, from: number, limit: number): Array<[number, number, number]> {
  const bounds: Array<[number, number, number]> = [];
  let at = from;
  while (at < packed.length && bounds.length < limit) {
    const colon = packed.indexOf(':', at);
    const end = colon + 1 + Number(packed.slice(at, colon));
    bounds.push([at, colon + 1, end]);
    at = end;
  }
  return bounds;
}

/** The items from `start` to `stop` inclusive; negative positions count from the end (as LRANGE). */
export function packedRange(packed: string, start = 0, stop = -1): string[] {
  const { count, bodyStart } = readHeader(packed);
  const from = start < 0 ? Math.max(count + start, 0) : start;
  const to = Math.min(stop < 0 ? count + stop : stop, count - 1);
  if (to < from) return [];
  return itemBounds(packed, bodyStart, to + 1)
    .slice(from)
    .map(([, begin, end]) => packed.slice(begin, end));
}

/**
 * `packed` (or a new list when undefined) with `values` appended, keeping only the newest
 * `maxLength` items, expiring at `expiresAt`. The result is one flat string (`join` builds it in
 * one piece), so no tree of the pieces it was made from stays in memory.
 */
export function packedPush(packed: string | undefined, values: readonly string[], expiresAt: number, maxLength?: number): string {
  const header = packed === undefined ? undefined : readHeader(packed);
  let kept = header?.count ?? 0;
  let body = packed === undefined || header === undefined ? '' : packed.slice(header.bodyStart);
  const added = maxLength !== undefined && values.length > maxLength ? values.slice(values.length - maxLength) : values;
  const excess = maxLength === undefined ? 0 : kept + added.length - maxLength;
  if (packed !== undefined && header !== undefined && excess > 0) {
    // Drop the oldest items: the body restarts at the length prefix of the first item kept.
    if (excess >= kept) body = '';
    else body = packed.slice(itemBounds(packed, header.bodyStart, excess + 1)[excess]![0]);
    kept = Math.max(kept - excess, 0);
  }
  const parts = [String(expiresAt), ';', String(kept + added.length), ';', body];
  for (const value of added) parts.push(String(value.length), ':', value);
  return parts.join('');
}
