import { describe, expect, it } from 'vitest';
import { fnv1a32, partitionOf } from './partition.ts';

describe('partition hash', () => {
  it('matches published FNV-1a 32-bit vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    // 'é' is C3 A9 in UTF-8; hashing the single code unit E9 would give 0x6c0b6c44.
    expect(fnv1a32('é')).toBe(0x1e9de8c1);
  });

  it('is stable and spreads keys over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const p = partitionOf(`user-${i}`, 16);
      expect(p).toBe(partitionOf(`user-${i}`, 16));
      seen.add(p);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
  });

  it('rejects a bad partition count', () => {
    expect(() => partitionOf('x', 0)).toThrow(/partitions must be an integer/);
  });
});
