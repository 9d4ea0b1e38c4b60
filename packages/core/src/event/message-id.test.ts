import { describe, expect, it } from 'vitest';
import { newMessageId } from './message-id.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newMessageId', () => {
  it('makes version-4 UUIDs, all different, across many refills of its random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newMessageId()); // 78 refills of 256 ids
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws every hex digit at every random position', () => {
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let n = 0; n < 4_000; n++) {
      const id = newMessageId();
      for (let i = 0; i < 36; i++) seen[i]!.add(id[i]!);
    }
    const fixed: Record<number, number> = { 8: 1, 13: 1, 14: 1, 18: 1, 19: 4, 23: 1 }; // dashes, the version, the variant
    for (const [i, digits] of seen.entries()) expect(digits.size, `position ${i}`).toBe(fixed[i] ?? 16);
  });

  it('returns a string of its own each call, not a view that the next call changes', () => {
    const first = newMessageId();
    const copy = `${first}`;
    for (let i = 0; i < 600; i++) newMessageId();
    expect(first).toBe(copy);
    expect(first).toHaveLength(36);
  });
});
