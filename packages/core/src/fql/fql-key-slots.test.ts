import { describe, expect, it } from 'vitest';
import { compileFql } from './fql-compiler.ts';
import { KEY_SLOTS, keySlot, readKey } from './fql-key-slots.ts';
import { plainPath, readPlain } from './fql-path.ts';

describe('per-key read slots', () => {
  it('gives a key the same slot every time and reads through any slot', () => {
    const s = keySlot('slotTestKey');
    expect(keySlot('slotTestKey')).toBe(s);
    expect(s).toBeLessThanOrEqual(KEY_SLOTS);
    expect(readKey({ slotTestKey: 7 }, 'slotTestKey', s)).toBe(7);
    for (let slot = 0; slot <= KEY_SLOTS + 1; slot += 1) expect(readKey({ k: slot }, 'k', slot)).toBe(slot);
  });

  it('stays correct once more keys than slots are in use', () => {
    const keys = Array.from({ length: KEY_SLOTS * 2 }, (_, i) => `overflowKey${i}`);
    const preds = keys.map((k, i) => compileFql(`properties.${k} = ${i} and ${k} != null`));
    const event = { properties: Object.fromEntries(keys.map((k, i) => [k, i])), ...Object.fromEntries(keys.map((k) => [k, 'x'])) };
    expect(preds.map((p) => p(event))).toEqual(keys.map(() => true));
    expect(preds.map((p) => p({ properties: {} }))).toEqual(keys.map(() => false));
    expect(keySlot(`overflowKey${KEY_SLOTS * 2 - 1}`)).toBe(KEY_SLOTS);
  });
});

describe('readPlain', () => {
  it('walks 1 to 3 plain keys and returns undefined through non-objects', () => {
    const p = plainPath(['context', 'page', 'url']);
    expect(p).not.toBeNull();
    if (!p) return;
    expect(readPlain({ context: { page: { url: '/a' } } }, p)).toBe('/a');
    expect(readPlain({ context: { page: 'str' } }, p)).toBeUndefined();
    expect(readPlain({ context: null }, p)).toBeUndefined();
    expect(readPlain('text', p)).toBeUndefined();
    expect(readPlain(null, p)).toBeUndefined();
    expect(plainPath(['a', 'b', 'c', 'd'])).toBeNull();
    expect(plainPath(['items', '0'])).toBeNull();
    expect(plainPath(['toString'])).toBeNull();
  });

  it('compiled prefix globs and inherited names behave like the slow path', () => {
    const p = compileFql('match(event, "Product *")');
    expect([p({ event: 'Product Added' }), p({ event: 'Page Viewed' }), p({ event: 'Product' }), p({ event: 5 }), p({})]).toEqual([true, false, false, false, false]);
    expect(compileFql('constructor = null')({})).toBe(true);
  });
});
