import { describe, expect, it } from 'vitest';
import { newId, newWriteKey, randomBase62 } from './ids.ts';

describe('ids', () => {
  it('makes fixed-length url-safe base62 ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{24}$/);
    expect(newWriteKey()).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it('uses the whole alphabet', () => {
    const chars = new Set(randomBase62(20_000));
    expect(chars.size).toBe(62);
  });
});
