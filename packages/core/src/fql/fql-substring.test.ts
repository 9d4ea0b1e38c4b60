import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileIncludes, compilePrefix, compileSuffix } from './fql-substring.ts';

// A small alphabet makes partial matches (the interesting case) frequent. 'a' (U+0061) and 'š'
// (U+0161) share a low byte, so they share a Horspool bucket; '🎉' is a surrogate pair.
const ALPHABET = ['a', 'b', 'c', '/', 'š', 'Ă', '🎉', 'é'];
const text = (maxLength: number) => fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((xs) => xs.join(''));

describe('compileIncludes', () => {
  it('agrees with String.prototype.includes on random strings (short, long and > 255-unit needles)', () => {
    fc.assert(
      fc.property(text(12), text(80), (needle, s) => {
        expect(compileIncludes(needle)(s)).toBe(s.includes(needle));
        expect(compileIncludes(needle)(s + needle + s)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    const long = 'ab'.repeat(150);
    expect(compileIncludes(long)(`x${long}y`)).toBe(true);
    expect(compileIncludes(long)(long.slice(1))).toBe(false);
  });

  it('finds matches at the start, the end and across a low-byte collision', () => {
    const has = compileIncludes('/checkout');
    expect(has('/checkout')).toBe(true);
    expect(has('https://shop.example.com/checkout')).toBe(true);
    expect(has('https://shop.example.com/checkou')).toBe(false);
    expect(has('/checkouT')).toBe(false);
    expect(compileIncludes('aša')('ašša aša')).toBe(true);
    expect(compileIncludes('aša')('aaa ššš')).toBe(false);
    expect(compileIncludes('')('')).toBe(true);
  });

  it('gives the same answer when the partial-match budget runs out (native fallback)', () => {
    // Every window ends in 'a' and matches 20 units before failing, within the JS length limit.
    const needle = `${'a'.repeat(20)}b${'a'.repeat(20)}`;
    const haystack = 'a'.repeat(170);
    expect(compileIncludes(needle)(haystack)).toBe(false);
    expect(compileIncludes(needle)(`${haystack.slice(41)}${needle}`)).toBe(true);
    expect(compileIncludes(needle)('a'.repeat(5000) + needle)).toBe(true);
  });
});

describe('compilePrefix / compileSuffix', () => {
  it('agree with startsWith / endsWith, including affixes longer than 32 units', () => {
    fc.assert(
      fc.property(text(40), text(60), (affix, s) => {
        expect(compilePrefix(affix)(s)).toBe(s.startsWith(affix));
        expect(compileSuffix(affix)(s)).toBe(s.endsWith(affix));
        expect(compilePrefix(affix)(affix + s)).toBe(true);
        expect(compileSuffix(affix)(s + affix)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('handle empty affixes and strings shorter than the affix', () => {
    expect(compilePrefix('')('')).toBe(true);
    expect(compileSuffix('')('x')).toBe(true);
    expect(compilePrefix('Product ')('Product')).toBe(false);
    expect(compileSuffix(' Completed')('Completed')).toBe(false);
    expect(compilePrefix('Product ')('Product Added')).toBe(true);
    expect(compileSuffix('🎉')('party 🎉')).toBe(true);
  });
});
