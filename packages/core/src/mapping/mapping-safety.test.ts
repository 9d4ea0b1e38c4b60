import { afterEach, describe, expect, it } from 'vitest';
import { compileMapping, resolveMapping } from './compile-mapping.ts';
import { MappingError } from './mapping-error.ts';
import type { FieldMapping } from './mapping-types.ts';
import { validateMapping } from './validate-mapping.ts';

const hostile = (): unknown => JSON.parse('{"__proto__":{"isAdmin":true},"a":1,"nested":{"__proto__":{"isAdmin":true}}}');

function expectPrototypeClean(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.isAdmin).toBeUndefined();
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('isAdmin');
}

function hasOwnProtoKeyDeep(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some(hasOwnProtoKeyDeep);
}

afterEach(expectPrototypeClean);

describe('paths never walk into prototypes', () => {
  it.each([
    '$.__proto__',
    '$.__proto__.polluted',
    '$.a.constructor',
    '$.constructor.prototype',
    '$["__proto__"]',
    "$['constructor']['prototype']",
  ])('rejects %s', (path) => {
    expect(() => compileMapping({ '@path': path })).toThrow(MappingError);
    expect(validateMapping({ '@path': path })[0]?.message).toMatch(/forbidden key "(__proto__|constructor|prototype)"/);
  });

  it('rejects forbidden keys in template placeholders and @arrayPath sources', () => {
    expect(validateMapping({ '@template': '{{constructor.name}}' })).toHaveLength(1);
    expect(validateMapping({ '@template': '{{ a.__proto__ }}' })).toHaveLength(1);
    expect(validateMapping({ '@arrayPath': ['$.prototype', {}] })).toHaveLength(1);
  });

  it('does not read inherited members of payload values', () => {
    const payload = { s: 'abc', o: {}, list: [1] };
    expect(resolveMapping({ a: { '@path': '$.s.length' }, b: { '@path': '$.o.toString' }, c: { '@path': '$.list.push' } }, payload)).toEqual({});
  });
});

describe('outputs cannot pollute prototypes', () => {
  it('rejects a __proto__ key in a mapping (as produced by JSON.parse)', () => {
    const mapping = JSON.parse('{"__proto__":{"polluted":true},"ok":1}') as FieldMapping;
    expect(() => compileMapping(mapping)).toThrow(/forbidden key "__proto__"/);
  });

  it('@merge drops __proto__ keys coming from the payload', () => {
    const result = resolveMapping({ '@merge': { objects: [{ '@path': '$' }, { b: 2 }], direction: 'right' } }, hostile()) as Record<
      string,
      unknown
    >;
    expect(Object.hasOwn(result, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result.isAdmin).toBeUndefined();
    expect(Object.keys(result)).toEqual(['a', 'nested', 'b']);
    const target: Record<string, unknown> = {};
    Object.assign(target, result);
    expect(target.isAdmin).toBeUndefined();
  });

  it('@json decode drops __proto__ keys at every level', () => {
    const raw = '{"__proto__":{"isAdmin":true},"b":{"__proto__":{"x":1},"c":[{"__proto__":{"y":1}}]}}';
    const result = resolveMapping({ '@json': { mode: 'decode', value: { '@path': '$.raw' } } }, { raw }) as Record<string, unknown>;
    expect(hasOwnProtoKeyDeep(result)).toBe(false);
    expect(result).toEqual({ b: { c: [{}] } });
    expect(result.isAdmin).toBeUndefined();
  });

  it('object outputs are ordinary objects even with keys like constructor', () => {
    const result = resolveMapping({ constructor: { '@path': '$.a' }, prototype: 2 }, { a: 1 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['constructor', 'prototype']);
    expect(result.constructor).toBe(1);
    expect(({} as { constructor: unknown }).constructor).toBe(Object);
  });
});

describe('recursion is bounded', () => {
  it('rejects very deep or cyclic mappings without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(validateMapping(deep)).toEqual([{ path: '[0]'.repeat(65), message: 'mapping nests deeper than 64 levels' }]);
    const cyclic: unknown[] = [];
    // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
    cyclic.push({ '@if': { exists: 1, then: cyclic } });
    expect(() => compileMapping(cyclic as FieldMapping)).toThrow(/nests deeper than 64 levels/);
  });

  it('survives very deep or cyclic payloads in @json and @template', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const map = compileMapping({
      json: { '@json': { mode: 'encode', value: { '@path': '$.v' } } },
      text: { '@template': '[{{v}}]' },
      name: { '@path': '$.v.name' },
    });
    expect(map({ v: deep })).toEqual({ text: '[]' });
    expect(map({ v: cyclic })).toEqual({ text: '[]', name: 'x' });
  });
});
