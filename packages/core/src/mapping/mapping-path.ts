import type { MappingResolver } from './mapping-types.ts';

/**
 * One step of a parsed path: a key (string) or an array index (number).
 * @example
 * const steps: MappingPathSegment[] = ['properties', 'products', 0];
 */
export type MappingPathSegment = string | number;

/**
 * The outcome of {@link parseMappingPath}: the segments, or what is wrong and where (0-based).
 * @example
 * const parsed: ParsedMappingPath = parseMappingPath('$.a');
 * if (parsed.ok) parsed.segments; // ['a']
 */
export type ParsedMappingPath =
  | { ok: true; segments: MappingPathSegment[] }
  | { ok: false; message: string; position: number };

/**
 * Keys a path may never walk into.
 * @example
 * FORBIDDEN_PATH_KEYS.has('__proto__'); // true
 */
export const FORBIDDEN_PATH_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENTS = 64;

/**
 * Parses a JSONPath-like path: `$` (the payload itself), `$.a.b`, `a.b` (the `$.` is optional),
 * `$.a["my key"]`, `$.a['x']`, `$.list[0].id`. Bare keys may hold any character except
 * whitespace, `.`, `[`, `]` and quotes (unicode is fine); quote anything else. Quoted keys take
 * backslash escapes (`\"`, `\\`). `__proto__`, `constructor` and `prototype` are rejected.
 * @example
 * parseMappingPath('$.properties["my key"][0]'); // { ok: true, segments: ['properties', 'my key', 0] }
 * parseMappingPath('$.a..b'); // { ok: false, message: 'expected a key after "." at position 4', position: 4 }
 */
export function parseMappingPath(path: string): ParsedMappingPath {
  if (path.length === 0) return fail('path is empty', 0);
  if (path.length > MAX_PATH_LENGTH) return fail(`path is longer than ${MAX_PATH_LENGTH} characters`, 0);
  const segments: MappingPathSegment[] = [];
  const positions: number[] = [];
  let i = 0;
  if (path[0] === '$' && (path.length === 1 || path[1] === '.' || path[1] === '[')) {
    i = 1;
  } else if (path[0] !== '[') {
    const end = scanKey(path, 0);
    if (end === 0) return fail(`unexpected ${describe(path[0]!)} at position 0`, 0);
    segments.push(path.slice(0, end));
    positions.push(0);
    i = end;
  }
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      const end = scanKey(path, i + 1);
      if (end === i + 1) return fail(`expected a key after "." at position ${i + 1}`, i + 1);
      segments.push(path.slice(i + 1, end));
      positions.push(i + 1);
      i = end;
    } else if (c === '[') {
      const r = parseBracket(path, i);
      if (!r.ok) return r;
      segments.push(r.segment);
      positions.push(i + 1);
      i = r.end;
    } else {
      return fail(`unexpected ${describe(c)} at position ${i}`, i);
    }
  }
  if (segments.length > MAX_SEGMENTS) return fail(`path has more than ${MAX_SEGMENTS} segments`, 0);
  for (const [n, s] of segments.entries()) {
    if (typeof s === 'string' && FORBIDDEN_PATH_KEYS.has(s)) {
      return fail(`forbidden key "${s}" at position ${positions[n]}`, positions[n]!);
    }
  }
  return { ok: true, segments };
}

/**
 * Compiles parsed segments into a getter. Only own properties of objects and in-range array
 * indices are read; anything missing resolves to undefined.
 * @example
 * const get = compileMappingPath(['a', 0]);
 * get({ a: ['x'] }); // 'x'
 * get({ a: 'x' }); // undefined
 */
export function compileMappingPath(segments: readonly MappingPathSegment[]): MappingResolver {
  if (segments.length === 0) return (payload) => payload;
  if (segments.length === 1) {
    const only = segments[0]!;
    return (payload) => step(payload, only);
  }
  const steps = [...segments];
  return (payload) => {
    let current = payload;
    for (const segment of steps) {
      current = step(current, segment);
      if (current === undefined) return undefined;
    }
    return current;
  };
}

function step(value: unknown, segment: MappingPathSegment): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const index = typeof segment === 'number' ? segment : /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < value.length ? value[index] : undefined;
  }
  const key = String(segment);
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function scanKey(path: string, start: number): number {
  let i = start;
  while (i < path.length && !/[\s.[\]"']/u.test(path[i]!)) i++;
  return i;
}

type BracketResult = { ok: true; segment: MappingPathSegment; end: number } | { ok: false; message: string; position: number };

function parseBracket(path: string, open: number): BracketResult {
  let i = open + 1;
  const c = path[i];
  if (c !== undefined && c >= '0' && c <= '9') {
    while (i < path.length && path[i]! >= '0' && path[i]! <= '9') i++;
    if (path[i] !== ']') return fail(`expected "]" at position ${i}`, i);
    const index = Number(path.slice(open + 1, i));
    if (!Number.isSafeInteger(index)) return fail(`index too large at position ${open + 1}`, open + 1);
    return { ok: true, segment: index, end: i + 1 };
  }
  if (c === '"' || c === "'") {
    let key = '';
    i++;
    while (i < path.length && path[i] !== c) {
      if (path[i] === '\\' && i + 1 < path.length) i++;
      key += path[i];
      i++;
    }
    if (i >= path.length) return fail(`unterminated quoted key starting at position ${open + 1}`, open + 1);
    if (path[i + 1] !== ']') return fail(`expected "]" at position ${i + 1}`, i + 1);
    return { ok: true, segment: key, end: i + 2 };
  }
  return fail(`expected a non-negative index or a quoted key after "[" at position ${open + 1}`, open + 1);
}

function describe(c: string): string {
  return /\s/u.test(c) ? 'whitespace' : `"${c}"`;
}

function fail(message: string, position: number): { ok: false; message: string; position: number } {
  return { ok: false, message, position };
}
