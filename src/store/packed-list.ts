/**
 * How `MemoryStore` keeps a list: one string, `<expiresAt>;` followed by each item as
 * `<length>:<item>` (length in UTF-16 code units, so any text fits, separators included).
 *
 * Every idle conversation keeps its transcript as a list, and an array of strings under a
 * `{ items, expiresAt }` record costs about 160 bytes of heap per three-entry transcript beyond
 * its text (a header per item string, the array and its backing store, the record, a boxed
 * expiry). One string costs one header. Reads slice the items out again; an append copies the
 * list once (lists are capped, and Redis does the same work on its side).
 */

/** Epoch ms after which the list is gone; 0 = never. */
export function packedExpiry(packed: string): number {
  return Number(packed.slice(0, packed.indexOf(';')));
}

/** Each item as [where its length prefix starts, where its text starts, where it ends], in order. */
function itemBounds(packed: string): Array<[number, number, number]> {
  const bounds: Array<[number, number, number]> = [];
  let at = packed.indexOf(';') + 1;
  while (at < packed.length) {
    const colon = packed.indexOf(':', at);
    const end = colon + 1 + Number(packed.slice(at, colon));
    bounds.push([at, colon + 1, end]);
    at = end;
  }
  return bounds;
}

/** The items from `start` to `stop` inclusive; negative positions count from the end (as LRANGE). */
export function packedRange(packed: string, start = 0, stop = -1): string[] {
  const bounds = itemBounds(packed);
  const from = start < 0 ? Math.max(bounds.length + start, 0) : start;
  const to = stop < 0 ? bounds.length + stop : stop;
  return bounds.slice(from, to + 1).map(([, begin, end]) => packed.slice(begin, end));
}

/**
 * `packed` (or a new list when undefined) with `values` appended, keeping only the newest
 * `maxLength` items, expiring at `expiresAt`. The result is one flat string (`join` builds it in
 * one piece), so no tree of the pieces it was made from stays in memory.
 */
export function packedPush(packed: string | undefined, values: readonly string[], expiresAt: number, maxLength?: number): string {
  let body = packed === undefined ? '' : packed.slice(packed.indexOf(';') + 1);
  if (packed !== undefined && maxLength !== undefined) {
    const bounds = itemBounds(packed);
    const excess = bounds.length + values.length - maxLength;
    // Drop the oldest items: the body restarts at the length prefix of the first item kept.
    if (excess > 0) body = excess >= bounds.length ? '' : packed.slice(bounds[excess]![0]);
  }
  const kept = maxLength !== undefined && values.length > maxLength ? values.slice(values.length - maxLength) : values;
  const parts = [String(expiresAt), ';', body];
  for (const value of kept) parts.push(String(value.length), ':', value);
  return parts.join('');
}
