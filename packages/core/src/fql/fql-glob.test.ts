import { describe, expect, it } from 'vitest';
import { compileGlob } from './fql-glob.ts';

describe('compileGlob', () => {
  it('follows the examples of Segment’s FQL reference', () => {
    const cases: Array<[string, string, boolean]> = [
      ['abcd', 'a*d', true],
      ['', '*', true],
      ['abc', 'ab', false],
      ['abcd', 'a??d', true],
      ['abcd', '*d', true],
      ['ab*d', 'ab\\*d', true],
      ['abxd', 'ab\\*d', false],
      ['abCd', 'ab[cC]d', true],
      ['abcd', 'ab[a-z]d', true],
      ['abcd', 'ab[A-Z]d', false],
      ['ab/c', 'a*', true],
    ];
    for (const [s, p, want] of cases) expect(compileGlob(p)(s), `${p} on ${s}`).toBe(want);
  });

  it('supports negated classes, escapes in classes, unicode and several stars', () => {
    expect(compileGlob('[^0-9]*')('x1')).toBe(true);
    expect(compileGlob('[^0-9]*')('1x')).toBe(false);
    expect(compileGlob('[\\]]')(']')).toBe(true);
    expect(compileGlob('?')('🎉')).toBe(true);
    expect(compileGlob('東?')('東京')).toBe(true);
    expect(compileGlob('*a*b*c*')('xxaxxbxxcxx')).toBe(true);
    expect(compileGlob('*a*b*c')('xxaxxbxxcxx')).toBe(false);
    expect(compileGlob('*Completed*')('Order Completed!')).toBe(true);
  });

  it('never matches with a malformed pattern', () => {
    for (const p of ['[abc', 'ab\\', '[]', '[a-]', '[-a]']) expect(compileGlob(p)('[abc'), p).toBe(false);
  });

  it('does not backtrack exponentially', () => {
    // Deterministic bound: the matcher is O(pattern × input); this would take ages if exponential.
    const s = 'a'.repeat(3000);
    expect(compileGlob(`${'*a'.repeat(30)}b`)(s)).toBe(false);
  });
});
