import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keepSample, sampleScore } from './filter-sample.ts';

/** Independent reference: the top 53 bits of the MD5 read as a fraction (ignores the lowest bits). */
const approx = (value: unknown): number => {
  const d = createHash('md5').update(JSON.stringify(value) ?? 'undefined').digest();
  return d.readUInt32BE(0) / 2 ** 32 + (d.readUInt32BE(4) >>> 11) / 2 ** 53;
};

describe('deterministic sampling', () => {
  it('reads the MD5 of the JSON value as a fraction in (0, 1)', () => {
    for (const v of ['user-1', 'abc', 42, null, undefined, { a: 1 }, '東京🎉']) {
      const s = sampleScore(v);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
      expect(Math.abs(s - approx(v))).toBeLessThan(1e-9);
    }
  });

  it('is deterministic per value and differs across values', () => {
    expect(sampleScore('user-42')).toBe(sampleScore('user-42'));
    expect(sampleScore('user-42')).not.toBe(sampleScore('user-43'));
    expect(sampleScore(42)).not.toBe(sampleScore('42')); // JSON encodings differ
    for (const p of [0.1, 0.5, 0.9]) expect(keepSample(p, { hasPath: true, value: 'u' })).toBe(sampleScore('u') < p);
  });

  it('is uniform enough: about 30% of 3000 ids kept at 0.3, and the kept set grows with percent', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `user-${i}`);
    const kept = (p: number) => ids.filter((id) => keepSample(p, { hasPath: true, value: id }));
    expect(kept(0.3).length).toBeGreaterThan(800);
    expect(kept(0.3).length).toBeLessThan(1000);
    const small = new Set(kept(0.1));
    expect(kept(0.5).filter((id) => small.has(id)).length).toBe(small.size);
  });

  it('keeps all at 1 and none at 0; without a path it is random', () => {
    expect(keepSample(1, { hasPath: false })).toBe(true);
    expect(keepSample(0, { hasPath: true, value: 'x' })).toBe(false);
    let kept = 0;
    for (let i = 0; i < 2000; i += 1) if (keepSample(0.5, { hasPath: false })) kept += 1;
    expect(kept).toBeGreaterThan(800);
    expect(kept).toBeLessThan(1200);
  });
});
