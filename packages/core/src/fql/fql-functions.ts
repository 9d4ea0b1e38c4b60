/**
 * The built-in FQL functions: their arity and their (null-safe) implementation.
 */
import type { FqlFunctionName } from './fql-ast.ts';
import { compileGlob } from './fql-glob.ts';
import { fqlTypeOf, utf8Length } from './fql-values.ts';

/**
 * Arity of each FQL function, as [min, max].
 * @example
 * FQL_FUNCTION_ARITY.contains; // [2, 2]
 */
export const FQL_FUNCTION_ARITY: Readonly<Record<FqlFunctionName, readonly [number, number]>> = {
  contains: [2, 2],
  match: [2, 2],
  length: [1, 1],
  lowercase: [1, 1],
  uppercase: [1, 1],
  snakecase: [1, 1],
  kebabcase: [1, 1],
  titlecase: [1, 1],
  typeof: [1, 1],
  bool: [1, 1],
  string: [1, 1],
  number: [1, 1],
  semver: [3, 3],
};

/**
 * Whether `name` is a built-in FQL function.
 * @example
 * isFqlFunctionName('match'); // true
 */
export function isFqlFunctionName(name: string): name is FqlFunctionName {
  return Object.hasOwn(FQL_FUNCTION_ARITY, name);
}

const str1 =
  (f: (s: string) => string) =>
  (v: unknown): unknown =>
    typeof v === 'string' ? f(v) : null;

const TRUE_STRINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return TRUE_STRINGS.has(v);
  if (Array.isArray(v)) return v.length > 0;
  return false;
}

function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  return JSON.stringify(v);
}

function toNum(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

function parseSemver(v: string): [number, number, number] | null {
  const parts = v.split('.');
  if (parts.length > 3) return null;
  const out: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < parts.length; k += 1) {
    const num = Number.parseInt(parts[k]!.trim(), 10);
    if (Number.isNaN(num)) return null;
    out[k] = num;
  }
  return out;
}

function semver(a: unknown, op: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof op !== 'string' || typeof b !== 'string') return false;
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return false;
  const cmp = x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    default:
      return false;
  }
}

/**
 * Implementations, called with already-evaluated arguments (`undefined` = missing field).
 * @example
 * FQL_FUNCTIONS.lowercase('ABC'); // 'abc'
 */
export const FQL_FUNCTIONS: Readonly<Record<FqlFunctionName, (...args: unknown[]) => unknown>> = {
  contains: (s, sub) => typeof s === 'string' && typeof sub === 'string' && s.includes(sub),
  match: (s, pattern) => typeof s === 'string' && typeof pattern === 'string' && compileGlob(pattern)(s),
  length: (v) => (v === null || v === undefined ? 0 : typeof v === 'string' ? utf8Length(v) : Array.isArray(v) ? v.length : Number.NaN),
  lowercase: str1((s) => s.toLowerCase()),
  uppercase: str1((s) => s.toUpperCase()),
  snakecase: str1((s) => s.replaceAll(' ', '_')),
  kebabcase: str1((s) => s.replaceAll(' ', '-')),
  titlecase: str1((s) => s.replace(/(^|\s)(\S)/gu, (_m, space: string, c: string) => space + c.toUpperCase())),
  typeof: (v) => fqlTypeOf(v),
  bool: (v) => toBool(v),
  string: (v) => toStr(v),
  number: (v) => toNum(v),
  semver: (a, op, b) => semver(a, op, b),
};
