import { describe, expect, it } from 'vitest';
import { formatMappingIssues } from './mapping-error.ts';
import { validateMapping } from './validate-mapping.ts';

const issuesOf = (mapping: unknown, basePath?: string) => validateMapping(mapping, basePath === undefined ? {} : { basePath });

function deepMapping(levels: number): unknown {
  let mapping: unknown = 'leaf';
  for (let i = 0; i < levels; i++) mapping = { k: mapping };
  return mapping;
}

describe('validateMapping: valid mappings', () => {
  it('returns no issues for every directive used correctly', () => {
    expect(
      issuesOf({
        a: { '@path': '$.a["b c"][0]' },
        b: { '@template': 'x {{a.b}}' },
        c: { '@literal': { '@anything': [1, null] } },
        d: { '@if': { blank: { '@path': '$.a' }, else: 1 } },
        e: { '@arrayPath': ['$.list', { x: { '@path': '$.x' } }] },
        f: { '@merge': { objects: [{}, { '@path': '$.o' }], direction: 'left' } },
        g: { '@case': { operator: 'upper', value: 'x' } },
        h: { '@replace': { value: 'x', pattern: 'x', replacement: 'y', pattern2: 'y', replacement2: 'z', global: false, ignorecase: true } },
        i: { '@json': { mode: 'decode', value: '1' } },
        j: [1, 'two', null, true, undefined],
      }),
    ).toEqual([]);
  });
});

describe('validateMapping: directive objects', () => {
  it('names unknown directives and the known ones', () => {
    expect(issuesOf({ a: { '@paht': '$.x' } })).toEqual([
      { path: 'a', message: 'unknown directive "@paht"; expected one of @path, @template, @literal, @if, @arrayPath, @merge, @case, @replace, @json' },
    ]);
    expect(issuesOf({ '@toString': 1 })[0]?.message).toMatch(/^unknown directive "@toString"/);
  });

  it('rejects several directives, or a directive mixed with other keys', () => {
    expect(issuesOf({ '@path': '$.a', '@template': 'x' })).toEqual([
      { path: '', message: 'an object may hold only one directive, found "@path", "@template"' },
    ]);
    expect(issuesOf({ x: { foo: 'bar', '@path': '$.a', baz: 1 } })).toEqual([
      { path: 'x', message: 'directive "@path" cannot be mixed with other keys ("foo", "baz"); nest it under a key instead' },
    ]);
  });

  it('builds issue paths with basePath, quoted keys and indices', () => {
    expect(issuesOf({ products: { '@arrayPath': ['$.products', { sku: { '@path': '$..id' } }] } }, 'fields')).toEqual([
      { path: 'fields.products.@arrayPath[1].sku.@path', message: 'bad path "$..id": expected a key after "." at position 2' },
    ]);
    expect(issuesOf({ 'my key': [{ '@x': 1 }] })[0]?.path).toBe('["my key"][0]');
    expect(issuesOf({ '@x': 1 }, 'fields.a')[0]?.path).toBe('fields.a');
  });
});

describe('validateMapping: @path and @template', () => {
  it('@path must be a valid path string', () => {
    expect(issuesOf({ '@path': 5 })).toEqual([{ path: '@path', message: '@path expects a string path, got number' }]);
    expect(issuesOf({ '@path': '$.a[x]' })[0]?.message).toBe(
      'bad path "$.a[x]": expected a non-negative index or a quoted key after "[" at position 4',
    );
    expect(issuesOf({ '@path': '$.__proto__' })[0]?.message).toBe('bad path "$.__proto__": forbidden key "__proto__" at position 2');
  });

  it('@template must be a string with well-formed placeholders', () => {
    expect(issuesOf({ t: { '@template': ['x'] } })).toEqual([{ path: 't.@template', message: '@template expects a string, got array' }]);
    expect(issuesOf({ '@template': 'Hi {{name' })[0]?.message).toBe('bad template: unterminated placeholder "{{" at position 3');
    expect(issuesOf({ '@template': 'Hi {{}}' })[0]?.message).toBe('bad template: empty placeholder at position 3');
    expect(issuesOf({ '@template': '{{a b}}' })[0]?.message).toBe(
      'bad template: placeholder "{{a b}}" at position 0: unexpected whitespace at position 1 of the path',
    );
  });
});

describe('validateMapping: @literal and plain values', () => {
  it('rejects values that are not JSON', () => {
    expect(issuesOf({ f: () => 1 })).toEqual([{ path: 'f', message: 'unsupported value of type function' }]);
    expect(issuesOf({ s: Symbol('x'), b: 1n })).toEqual([
      { path: 's', message: 'unsupported value of type symbol' },
      { path: 'b', message: 'unsupported value of type bigint' },
    ]);
    expect(issuesOf({ n: Number.NaN, i: [Infinity] })).toEqual([
      { path: 'n', message: 'NaN is not a JSON number' },
      { path: 'i[0]', message: 'Infinity is not a JSON number' },
    ]);
    expect(issuesOf({ d: new Date(0) })).toEqual([{ path: 'd', message: 'unsupported value of type Date' }]);
    expect(issuesOf({ '@literal': { when: new Map() } })).toEqual([{ path: '@literal.when', message: 'unsupported value of type Map' }]);
    expect(issuesOf({ '@literal': [Number.NaN] })).toEqual([{ path: '@literal[0]', message: 'NaN is not a JSON number' }]);
  });

  it('rejects __proto__ keys in objects and literals', () => {
    expect(issuesOf(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toEqual([{ path: 'a', message: 'forbidden key "__proto__"' }]);
    expect(issuesOf(JSON.parse('{"@literal":{"__proto__":{"x":1}}}'))).toEqual([
      { path: '@literal', message: 'forbidden key "__proto__"' },
    ]);
  });

  it('bounds nesting depth and size, including cyclic mappings', () => {
    expect(issuesOf(deepMapping(64))).toEqual([]);
    const deep = issuesOf(deepMapping(65));
    expect(deep).toHaveLength(1);
    expect(deep[0]?.message).toBe('mapping nests deeper than 64 levels');
    expect(deep[0]?.path).toBe(Array(65).fill('k').join('.'));
    expect(issuesOf({ '@literal': deepMapping(70) })[0]?.message).toBe('mapping nests deeper than 64 levels');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(issuesOf(cyclic)[0]?.message).toBe('mapping nests deeper than 64 levels');
    expect(issuesOf(Array(100_001).fill(1))).toEqual([{ path: '[99999]', message: 'mapping has more than 100000 nodes' }]);
  });
});

describe('validateMapping: @if', () => {
  it('requires an object with one condition and a branch', () => {
    expect(issuesOf({ '@if': 'yes' })).toEqual([
      { path: '@if', message: '@if expects an object with "exists", "blank", "then", "else", got string' },
    ]);
    expect(issuesOf({ '@if': {} })).toEqual([
      { path: '@if', message: '@if requires an "exists" or a "blank" condition' },
      { path: '@if', message: '@if requires a "then" or an "else" branch' },
    ]);
    // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
    expect(issuesOf({ '@if': { exists: 1, blank: 1, then: 1 } })).toEqual([
      { path: '@if', message: '@if takes either "exists" or "blank", not both' },
    ]);
    // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
    expect(issuesOf({ '@if': { exists: 1, then: 1, otherwise: 2 } })).toEqual([
      { path: '@if', message: '@if does not take "otherwise"; expected "exists", "blank", "then", "else"' },
    ]);
  });

  it('reports issues inside the condition and branches', () => {
    // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
    expect(issuesOf({ '@if': { exists: { '@path': '' }, then: { '@x': 1 }, else: { '@template': '{{' } } }).map((i) => i.path)).toEqual([
      '@if.exists.@path',
      '@if.then',
      '@if.else.@template',
    ]);
  });
});

describe('validateMapping: @arrayPath', () => {
  it('requires [sourcePath] or [sourcePath, itemShape]', () => {
    expect(issuesOf({ '@arrayPath': '$.a' })).toEqual([
      { path: '@arrayPath', message: '@arrayPath expects [sourcePath] or [sourcePath, itemShape], got string' },
    ]);
    expect(issuesOf({ '@arrayPath': [] })[0]?.message).toBe('@arrayPath expects [sourcePath] or [sourcePath, itemShape], got an array of 0');
    expect(issuesOf({ '@arrayPath': ['$.a', {}, {}] })[0]?.message).toMatch(/got an array of 3$/);
  });

  it('checks the source path and the item shape', () => {
    expect(issuesOf({ '@arrayPath': ['$.a.', { b: { '@oops': 1 } }] })).toEqual([
      { path: '@arrayPath[0]', message: 'bad path "$.a.": expected a key after "." at position 4' },
      { path: '@arrayPath[1].b', message: expect.stringMatching(/^unknown directive "@oops"/) },
    ]);
    expect(issuesOf({ '@arrayPath': [{ '@path': 3 }] })[0]?.path).toBe('@arrayPath[0].@path');
  });
});

describe('validateMapping: @merge', () => {
  it('requires objects and a direction', () => {
    expect(issuesOf({ '@merge': [] })[0]).toEqual({
      path: '@merge',
      message: '@merge expects an object with "objects", "direction", got array',
    });
    expect(issuesOf({ '@merge': {} })).toEqual([
      { path: '@merge', message: '@merge requires "objects"' },
      { path: '@merge', message: '@merge requires "direction"' },
    ]);
    expect(issuesOf({ '@merge': { objects: {}, direction: 'up' } })).toEqual([
      { path: '@merge', message: '@merge "direction" must be "left" or "right", got "up"' },
      { path: '@merge', message: '@merge "objects" must be a non-empty array of mappings, got object' },
    ]);
    expect(issuesOf({ '@merge': { objects: [], direction: 'left' } })[0]?.message).toMatch(/got an empty array$/);
  });

  it('reports issues inside the objects', () => {
    expect(issuesOf({ '@merge': { objects: [{}, { '@path': '$.' }], direction: 'right' } })[0]?.path).toBe('@merge.objects[1].@path');
  });
});

describe('validateMapping: @case, @replace, @json', () => {
  it('@case checks operator and value', () => {
    expect(issuesOf({ '@case': { operator: 'title', value: 'x' } })).toEqual([
      { path: '@case', message: '@case "operator" must be "lower" or "upper", got "title"' },
    ]);
    expect(issuesOf({ '@case': { operator: 'lower' } })).toEqual([{ path: '@case', message: '@case requires "value"' }]);
  });

  it('@replace checks each argument', () => {
    expect(issuesOf({ '@replace': { value: 'x' } })).toEqual([{ path: '@replace', message: '@replace requires "pattern"' }]);
    expect(issuesOf({ '@replace': { value: 'x', pattern: '', replacement: 1, global: 'yes' } })).toEqual([
      { path: '@replace', message: '@replace "global" must be a boolean, got "yes"' },
      { path: '@replace', message: '@replace "pattern" must be a non-empty string, got ""' },
      { path: '@replace', message: '@replace "replacement" must be a string, got number' },
    ]);
    expect(issuesOf({ '@replace': { value: 'x', pattern: 'a', replacement2: 'b' } })).toEqual([
      { path: '@replace', message: '@replace "replacement2" needs "pattern2"' },
    ]);
  });

  it('@json checks mode and value', () => {
    expect(issuesOf({ '@json': { mode: 'parse', value: 'x' } })).toEqual([
      { path: '@json', message: '@json "mode" must be "encode" or "decode", got "parse"' },
    ]);
    expect(issuesOf({ '@json': { mode: 'encode' } })).toEqual([{ path: '@json', message: '@json requires "value"' }]);
  });
});

describe('formatMappingIssues', () => {
  it('summarises issues, marking the root and truncating long lists', () => {
    expect(formatMappingIssues([{ path: '', message: 'm' }])).toBe('invalid mapping (1 issue): (root): m');
    const many = Array.from({ length: 7 }, (_, i) => ({ path: `f${i}`, message: 'bad' }));
    expect(formatMappingIssues(many)).toBe(
      'invalid mapping (7 issues): f0: bad; f1: bad; f2: bad; f3: bad; f4: bad; … and 2 more',
    );
  });
});
