import { describe, expect, it } from 'vitest';
import { compileMappingPath, parseMappingPath } from './mapping-path.ts';

function segments(path: string) {
  const parsed = parseMappingPath(path);
  if (!parsed.ok) throw new Error(`expected ${path} to parse: ${parsed.message}`);
  return parsed.segments;
}

function failure(path: string) {
  const parsed = parseMappingPath(path);
  if (parsed.ok) throw new Error(`expected ${path} to fail`);
  return { message: parsed.message, position: parsed.position };
}

function get(path: string, payload: unknown) {
  return compileMappingPath(segments(path))(payload);
}

describe('parseMappingPath', () => {
  it('parses dotted paths with and without the $. prefix', () => {
    expect(segments('$.properties.revenue')).toEqual(['properties', 'revenue']);
    expect(segments('properties.revenue')).toEqual(['properties', 'revenue']);
    expect(segments('$')).toEqual([]);
  });

  it('parses numeric indices and quoted keys', () => {
    expect(segments('$.a[0].b[12]')).toEqual(['a', 0, 'b', 12]);
    expect(segments('$.properties["my key"]')).toEqual(['properties', 'my key']);
    expect(segments("$['a.b']['c[d]']")).toEqual(['a.b', 'c[d]']);
    expect(segments('$["say \\"hi\\""]')).toEqual(['say "hi"']);
    expect(segments('$["back\\\\slash"]')).toEqual(['back\\slash']);
    expect(segments('$[""]')).toEqual(['']);
    expect(segments('["x"].y')).toEqual(['x', 'y']);
  });

  it('accepts unicode and symbol characters in bare keys', () => {
    expect(segments('$.properties.café.日本語.emoji😀')).toEqual(['properties', 'café', '日本語', 'emoji😀']);
    expect(segments('$.a-b.$c.@d')).toEqual(['a-b', '$c', '@d']);
    expect(segments('$a.b')).toEqual(['$a', 'b']);
  });

  it('reports syntax errors with their position', () => {
    expect(failure('')).toEqual({ message: 'path is empty', position: 0 });
    expect(failure('$.a..b')).toEqual({ message: 'expected a key after "." at position 4', position: 4 });
    expect(failure('$.')).toEqual({ message: 'expected a key after "." at position 2', position: 2 });
    expect(failure('.a')).toEqual({ message: 'unexpected "." at position 0', position: 0 });
    expect(failure('$.a b')).toEqual({ message: 'unexpected whitespace at position 3', position: 3 });
    expect(failure('$.a[x]').message).toBe('expected a non-negative index or a quoted key after "[" at position 4');
    expect(failure('$.a[-1]').position).toBe(4);
    expect(failure('$.a[1')).toEqual({ message: 'expected "]" at position 5', position: 5 });
    expect(failure('$.a["b')).toEqual({ message: 'unterminated quoted key starting at position 4', position: 4 });
    expect(failure('$.a["b"x')).toEqual({ message: 'expected "]" at position 7', position: 7 });
    expect(failure('$.a]')).toEqual({ message: 'unexpected "]" at position 3', position: 3 });
    expect(failure('$.a[99999999999999999999]').message).toBe('index too large at position 4');
  });

  it('rejects forbidden keys in any form, naming where', () => {
    expect(failure('$.__proto__.x')).toEqual({ message: 'forbidden key "__proto__" at position 2', position: 2 });
    expect(failure('$.a.constructor')).toEqual({ message: 'forbidden key "constructor" at position 4', position: 4 });
    expect(failure('$.a["prototype"]').message).toBe('forbidden key "prototype" at position 4');
    expect(failure('constructor').position).toBe(0);
  });

  it('limits path length and segment count', () => {
    expect(failure(`$.${'a'.repeat(1100)}`).message).toBe('path is longer than 1024 characters');
    expect(failure(`$${'.a'.repeat(65)}`).message).toBe('path has more than 64 segments');
  });
});

describe('compileMappingPath', () => {
  const payload = {
    properties: { revenue: 0, 'my key': 'v', café: null, products: [{ id: 'p1' }, { id: 'p2' }], '0': 'zero' },
    list: ['a', 'b'],
    name: 'Ada',
  };

  it('reads nested values, indices and quoted keys', () => {
    expect(get('$.properties.revenue', payload)).toBe(0);
    expect(get('$.properties["my key"]', payload)).toBe('v');
    expect(get('$.properties.café', payload)).toBeNull();
    expect(get('$.properties.products[1].id', payload)).toBe('p2');
    expect(get('$.properties.products.0.id', payload)).toBe('p1');
    expect(get('$.properties[0]', payload)).toBe('zero');
    expect(get('$', payload)).toBe(payload);
  });

  it('resolves anything missing to undefined', () => {
    expect(get('$.properties.nope', payload)).toBeUndefined();
    expect(get('$.properties.nope.deeper', payload)).toBeUndefined();
    expect(get('$.list[2]', payload)).toBeUndefined();
    expect(get('$.list.01', payload)).toBeUndefined();
    expect(get('$.properties.café.x', payload)).toBeUndefined();
    expect(get('$.a', undefined)).toBeUndefined();
    expect(get('$.a', 'string')).toBeUndefined();
  });

  it('reads only own data, never inherited members', () => {
    expect(get('$.name.length', payload)).toBeUndefined();
    expect(get('$.list.length', payload)).toBeUndefined();
    expect(get('$.properties.toString', payload)).toBeUndefined();
    expect(get('$.properties.hasOwnProperty', payload)).toBeUndefined();
    expect(get('$.list.map', payload)).toBeUndefined();
  });
});
