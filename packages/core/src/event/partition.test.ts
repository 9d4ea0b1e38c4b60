import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32, partitionKey, partitionOf } from './partition.ts';

/** Reference FNV-1a over Buffer's UTF-8 encoding, written independently for comparison. */
function referenceFnv(text: string): number {
  let hash = 2166136261n;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * 16777619n) % 2n ** 32n;
  return Number(hash);
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes (multi-byte, astral, lone surrogates) like a Buffer-based reference', () => {
    for (const text of ['é', '€uro', '😀', 'user-😀-42', '\ud800', 'a\udc00b', '\ud83d']) {
      expect(fnv1a32(text)).toBe(referenceFnv(text));
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => fnv1a32(text) === referenceFnv(text)), { numRuns: 300 });
  });
});

describe('partitionOf', () => {
  it('is stable, in range and spreads keys over partitions', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 1600; i++) {
      const p = partitionOf(`user-${i}`, 16);
      expect(p).toBe(partitionOf(`user-${i}`, 16));
      expect(p).toBe(fnv1a32(`user-${i}`) % 16);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(partitionOf('anything', 1)).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 32 + 1])('refuses %s partitions', (n) => {
    expect(() => partitionOf('k', n)).toThrow(RangeError);
  });
});

describe('partitionKey', () => {
  it('prefers userId, then anonymousId, then previousId, then messageId; empty counts as absent', () => {
    expect(partitionKey({ messageId: 'm', userId: 'u', anonymousId: 'a', previousId: 'p' })).toBe('u');
    expect(partitionKey({ messageId: 'm', userId: '', anonymousId: 'a' })).toBe('a');
    expect(partitionKey({ messageId: 'm', userId: null, anonymousId: null, previousId: 'p' })).toBe('p');
    expect(partitionKey({ messageId: 'm' })).toBe('m');
  });
});
