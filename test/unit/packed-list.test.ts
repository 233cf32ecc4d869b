import { describe, expect, it } from 'vitest';
import { packedExpiry, packedPush, packedRange } from '../../src/store/packed-list.js';
import { packEntry, unpackEntry } from '../../src/store/packed-entry.js';

/** A small deterministic generator, so a failure repeats. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

const pieces = ['', '0', '12:', ';', '3:ab', 'hello', 'الباب', '锁', '🔒', '\n', '[1796542256181,"b","x","en"]'];

describe('MemoryStore packed forms', () => {
  it('a packed list holds what an array would, through pushes, caps and ranges', () => {
    const next = sequence(7);
    const pick = () => pieces[Math.floor(next() * pieces.length)]!;
    let packed: string | undefined;
    let model: string[] = [];
    for (let round = 0; round < 400; round += 1) {
      const values = Array.from({ length: Math.floor(next() * 4) }, () => pick() + pick());
      const maxLength = next() < 0.5 ? undefined : Math.floor(next() * 8);
      packed = packedPush(packed, values, round, maxLength);
      model.push(...values);
      if (maxLength !== undefined && model.length > maxLength) model = model.slice(model.length - maxLength);
      expect(packedExpiry(packed)).toBe(round);
      expect(packedRange(packed)).toEqual(model);
      const start = Math.floor(next() * 12) - 6;
      const stop = Math.floor(next() * 12) - 6;
      const from = start < 0 ? Math.max(model.length + start, 0) : start;
      const to = stop < 0 ? model.length + stop : stop;
      // As Redis LRANGE: positions past either end are clamped, and an empty range is empty.
      expect(packedRange(packed, start, stop)).toEqual(to < from ? [] : model.slice(from, to + 1));
    }
  });

  it('a packed value keeps its version, expiry and text', () => {
    for (const value of pieces) {
      const entry = { value, version: 42, expiresAt: 1_796_542_256_181 };
      expect(unpackEntry(packEntry(entry))).toEqual(entry);
    }
    expect(unpackEntry(packEntry({ value: '1;2;3', version: 1, expiresAt: 0 }))).toEqual({ value: '1;2;3', version: 1, expiresAt: 0 });
  });
});
