import { describe, expect, it } from 'vitest';
import { compileMapping, resolveMapping } from './compile-mapping.ts';
import { MappingError } from './mapping-error.ts';
import type { FieldMapping } from './mapping-types.ts';

const event = {
  type: 'track',
  event: 'Order Completed',
  userId: 'u1',
  anonymousId: 'anon-1',
  traits: { name: 'Ada', email: 'ADA@Example.com', plan: '', age: 0, vip: false, nothing: null },
  properties: {
    revenue: 42.5,
    currency: 'EUR',
    products: [
      { id: 'p1', price: 10, tags: ['a', 'b'] },
      { id: 'p2', price: 20 },
    ],
    coupon: { code: 'SAVE' },
  },
};

const run = (mapping: FieldMapping, payload: unknown = event) => resolveMapping(mapping, payload);

describe('plain values', () => {
  it('returns literals as they are', () => {
    expect(run('text')).toBe('text');
    expect(run(0)).toBe(0);
    expect(run(false)).toBe(false);
    expect(run(null)).toBeNull();
    expect(run({ a: 1, b: [true, null] })).toEqual({ a: 1, b: [true, null] });
  });

  it('drops keys and array items that resolve to undefined, keeps null', () => {
    expect(run({ a: { '@path': '$.missing' } })).toStrictEqual({});
    expect(run({ a: { '@path': '$.traits.nothing' }, b: { '@path': '$.nope' } })).toStrictEqual({ a: null });
    expect(Object.keys(run({ a: 1, b: { '@path': '$.nope' }, c: { d: { '@path': '$.nope' } } }) as object)).toEqual(['a', 'c']);
    expect(run([{ '@path': '$.nope' }, 1, { '@path': '$.userId' }])).toEqual([1, 'u1']);
    expect(run({ '@path': '$.nope' })).toBeUndefined();
  });

  it('resolves nested objects and arrays of mappings', () => {
    const mapping: FieldMapping = {
      user: { id: { '@path': '$.userId' }, profile: { name: { '@path': '$.traits.name' }, tags: ['x', { '@path': '$.event' }] } },
      total: { '@path': '$.properties.revenue' },
    };
    expect(run(mapping)).toEqual({
      user: { id: 'u1', profile: { name: 'Ada', tags: ['x', 'Order Completed'] } },
      total: 42.5,
    });
  });
});

describe('@path and @template', () => {
  it('@path reads values, whole sub-objects and the payload itself', () => {
    expect(run({ '@path': '$.properties.products[1].id' })).toBe('p2');
    expect(run({ '@path': '$.properties.coupon' })).toEqual({ code: 'SAVE' });
    expect(run({ '@path': '$' }, 7)).toBe(7);
  });

  it('@template fills placeholders and leaves missing ones empty', () => {
    expect(run({ '@template': '{{traits.name}} bought {{properties.products[0].id}} for {{properties.revenue}} {{properties.nope}}' })).toBe(
      'Ada bought p1 for 42.5 ',
    );
  });
});

describe('@literal', () => {
  it('does not resolve directives inside', () => {
    expect(run({ '@literal': { '@path': '$.userId', list: [{ '@template': '{{x}}' }] } })).toEqual({
      '@path': '$.userId',
      list: [{ '@template': '{{x}}' }],
    });
    expect(run({ '@literal': 'x' })).toBe('x');
  });

  it('hands out a fresh copy on each call', () => {
    const map = compileMapping({ '@literal': { nested: { n: 1 } } });
    const first = map(event) as { nested: { n: number } };
    first.nested.n = 99;
    expect(map(event)).toEqual({ nested: { n: 1 } });
  });
});

describe('@if', () => {
  // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
  const ifExists = (path: string): FieldMapping => ({ '@if': { exists: { '@path': path }, then: 'then', else: 'else' } });
  // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
  const ifBlank = (path: string): FieldMapping => ({ '@if': { blank: { '@path': path }, then: 'then', else: 'else' } });

  it('exists: only undefined and null fail the condition', () => {
    expect(run(ifExists('$.userId'))).toBe('then');
    expect(run(ifExists('$.traits.plan'))).toBe('then');
    expect(run(ifExists('$.traits.age'))).toBe('then');
    expect(run(ifExists('$.traits.nothing'))).toBe('else');
    expect(run(ifExists('$.nope'))).toBe('else');
  });

  it('blank: undefined, null and "" fail the condition; 0 and false do not', () => {
    expect(run(ifBlank('$.userId'))).toBe('then');
    expect(run(ifBlank('$.traits.plan'))).toBe('else');
    expect(run(ifBlank('$.traits.nothing'))).toBe('else');
    expect(run(ifBlank('$.nope'))).toBe('else');
    expect(run(ifBlank('$.traits.age'))).toBe('then');
    expect(run(ifBlank('$.traits.vip'))).toBe('then');
  });

  it('branches are mappings, and a missing branch drops the key', () => {
    const mapping: FieldMapping = {
      // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
      id: { '@if': { exists: { '@path': '$.nope' }, then: { '@path': '$.nope' }, else: { '@path': '$.anonymousId' } } },
      // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
      onlyThen: { '@if': { exists: { '@path': '$.nope' }, then: true } },
      onlyElse: { '@if': { exists: { '@path': '$.userId' }, else: true } },
    };
    expect(run(mapping)).toStrictEqual({ id: 'anon-1' });
  });
});

describe('@arrayPath', () => {
  it('maps each item with paths relative to the item', () => {
    expect(run({ '@arrayPath': ['$.properties.products', { sku: { '@path': '$.id' }, firstTag: { '@path': '$.tags[0]' } }] })).toEqual([
      { sku: 'p1', firstTag: 'a' },
      { sku: 'p2' },
    ]);
  });

  it('item shapes may be any mapping and may nest', () => {
    expect(run({ '@arrayPath': ['$.properties.products', { '@path': '$.price' }] })).toEqual([10, 20]);
    expect(
      run({ '@arrayPath': ['$.properties.products', { id: { '@path': '$.id' }, tags: { '@arrayPath': ['$.tags', { t: { '@path': '$' } }] } }] }),
    ).toEqual([{ id: 'p1', tags: [{ t: 'a' }, { t: 'b' }] }, { id: 'p2' }]);
  });

  it('without a shape returns the array; wraps single values; missing is dropped', () => {
    expect(run({ '@arrayPath': ['$.properties.products'] })).toBe(event.properties.products);
    expect(run({ '@arrayPath': ['$.properties.coupon', { c: { '@path': '$.code' } }] })).toEqual([{ c: 'SAVE' }]);
    expect(run({ '@arrayPath': ['$.userId'] })).toEqual(['u1']);
    expect(run({ a: { '@arrayPath': ['$.nope', { x: 1 }] } })).toEqual({});
    expect(run({ '@arrayPath': ['$.traits.nothing'] })).toBeUndefined();
  });

  it('drops items whose shape resolves to undefined and accepts a directive source', () => {
    expect(run({ '@arrayPath': ['$.properties.products', { '@path': '$.tags' }] })).toEqual([['a', 'b']]);
    expect(run({ '@arrayPath': [{ '@path': '$.properties.products' }, { '@path': '$.id' }] })).toEqual(['p1', 'p2']);
    expect(run({ '@arrayPath': [[{ a: 1 }, { a: 2 }], { '@path': '$.a' }] })).toEqual([1, 2]);
  });
});

describe('@merge', () => {
  const objects: FieldMapping[] = [{ a: 'first', b: 'first' }, { '@path': '$.second' }, { '@path': '$.nope' }];
  const payload = { second: { b: 'second', c: 'second' } };

  it('right: later objects win', () => {
    expect(run({ '@merge': { objects, direction: 'right' } }, payload)).toEqual({ a: 'first', b: 'second', c: 'second' });
  });

  it('left: earlier objects win', () => {
    expect(run({ '@merge': { objects, direction: 'left' } }, payload)).toEqual({ a: 'first', b: 'first', c: 'second' });
  });

  it('skips non-objects and undefined values, and returns a new object', () => {
    const source = { x: 1 };
    const result = run({ '@merge': { objects: [{ '@path': '$.s' }, 'str', [1], null, { '@path': '$.u' }], direction: 'right' } }, { s: source, u: { y: undefined } });
    expect(result).toEqual({ x: 1 });
    expect(Object.keys(result as object)).toEqual(['x']);
    expect(result).not.toBe(source);
    expect(run({ '@merge': { objects: [{ '@path': '$.nope' }], direction: 'left' } })).toEqual({});
  });
});

describe('@case, @replace, @json', () => {
  it('@case lowers and uppers strings, passes other values through', () => {
    expect(run({ '@case': { operator: 'lower', value: { '@path': '$.traits.email' } } })).toBe('ada@example.com');
    expect(run({ '@case': { operator: 'upper', value: 'straße' } })).toBe('STRASSE');
    expect(run({ '@case': { operator: 'upper', value: { '@path': '$.properties.revenue' } } })).toBe(42.5);
    expect(run({ a: { '@case': { operator: 'upper', value: { '@path': '$.nope' } } } })).toEqual({});
  });

  it('@replace replaces plain-text patterns, globally by default', () => {
    const replace = (args: Record<string, FieldMapping>, value: FieldMapping) => run({ '@replace': { value, pattern: '-', ...args } } as FieldMapping);
    expect(replace({ replacement: '_' }, 'a-b-c')).toBe('a_b_c');
    expect(replace({}, 'a-b-c')).toBe('abc');
    expect(replace({ replacement: '+', global: false }, 'a-b-c')).toBe('a+b-c');
    expect(replace({ pattern: '.*', replacement: '$&$1' }, 'x.*y.*')).toBe('x$&$1y$&$1');
    expect(replace({ pattern: 'AB', replacement: 'z', ignorecase: true }, 'ab-Ab-aB')).toBe('z-z-z');
    expect(replace({ pattern: 'AB', replacement: 'z', ignorecase: true, global: false }, 'ab-Ab')).toBe('z-Ab');
    expect(replace({ pattern: 'AB', replacement: 'z' }, 'ab')).toBe('ab');
    expect(replace({ replacement: ' ', pattern2: 'great', replacement2: 'awesome' }, 'something-great')).toBe('something awesome');
    expect(replace({ pattern: '0', replacement: '9' }, 100)).toBe('199');
    expect(replace({ pattern: 'true', replacement: 'yes' }, true)).toBe('yes');
    expect(replace({}, { '@literal': { a: 1 } })).toEqual({ a: 1 });
  });

  it('@json encodes and decodes', () => {
    expect(run({ '@json': { mode: 'encode', value: { '@path': '$.properties.coupon' } } })).toBe('{"code":"SAVE"}');
    expect(run({ '@json': { mode: 'encode', value: 'x' } })).toBe('"x"');
    expect(run({ a: { '@json': { mode: 'encode', value: { '@path': '$.nope' } } } })).toEqual({});
    expect(run({ '@json': { mode: 'decode', value: '{"a":[1,{"b":null}]}' } })).toEqual({ a: [1, { b: null }] });
    expect(run({ '@json': { mode: 'decode', value: 'not json' } })).toBe('not json');
    expect(run({ '@json': { mode: 'decode', value: 5 } })).toBe(5);
  });
});

describe('compileMapping', () => {
  it('compiles once and resolves many payloads independently', () => {
    const map = compileMapping({ id: { '@path': '$.userId' }, hi: { '@template': 'hi {{traits.name}}' }, fixed: { k: 1 } });
    const a = map({ userId: 'a', traits: { name: 'A' } }) as { fixed: { k: number } };
    a.fixed.k = 2;
    expect(map({ userId: 'b' })).toEqual({ id: 'b', hi: 'hi ', fixed: { k: 1 } });
    expect(map(undefined)).toEqual({ hi: 'hi ', fixed: { k: 1 } });
  });

  it('throws a MappingError carrying every issue', () => {
    const bad = { a: { '@paht': '$.x' }, b: { '@path': 1 } } as unknown as FieldMapping;
    expect(() => compileMapping(bad, { basePath: 'fields' })).toThrow(MappingError);
    try {
      compileMapping(bad, { basePath: 'fields' });
    } catch (error) {
      const issues = (error as MappingError).issues;
      expect(issues.map((i) => i.path)).toEqual(['fields.a', 'fields.b.@path']);
      expect((error as MappingError).message).toMatch(/^invalid mapping \(2 issues\): fields\.a: unknown directive "@paht"/);
    }
  });
});
