/**
 * Specialised leaf predicates over a plain field path (1 to 3 keys): one closure literal per
 * operator × constant type, each reading the path with the inlinable `readPlain`, so a leaf costs
 * one closure call and its comparisons see a single type in V8's feedback.
 */
import type { FqlComparisonOperator } from './fql-ast.ts';
import { type PlainPath, readPlain } from './fql-path.ts';

type Leaf = (event: unknown) => boolean;

/**
 * `path = c` (or `!=` when `negate`) against a string, number or boolean constant.
 * @example
 * const p = equalsLeaf(plainPath(['type'])!, 'track', false); // e.type === 'track'
 */
export function equalsLeaf(p: PlainPath, c: string | number | boolean, negate: boolean): Leaf {
  if (typeof c === 'string') return negate ? (e) => readPlain(e, p) !== c : (e) => readPlain(e, p) === c;
  if (typeof c === 'number') return negate ? (e) => readPlain(e, p) !== c : (e) => readPlain(e, p) === c;
  return negate ? (e) => readPlain(e, p) !== c : (e) => readPlain(e, p) === c;
}

/**
 * `path = null` (missing or null) or, when `negate`, `path != null`.
 * @example
 * const exists = nullLeaf(plainPath(['userId'])!, true);
 */
export function nullLeaf(p: PlainPath, negate: boolean): Leaf {
  return negate ? (e) => readPlain(e, p) != null : (e) => readPlain(e, p) == null;
}

/**
 * `path <op> n` for a numeric constant `n` (false unless the field is a number).
 * @example
 * const big = compareLeaf(plainPath(['properties', 'revenue'])!, '>', 100);
 */
export function compareLeaf(p: PlainPath, op: FqlComparisonOperator, n: number): Leaf {
  switch (op) {
    case '<':
      return (e) => { const v = readPlain(e, p); return typeof v === 'number' && v < n; };
    case '<=':
      return (e) => { const v = readPlain(e, p); return typeof v === 'number' && v <= n; };
    case '>':
      return (e) => { const v = readPlain(e, p); return typeof v === 'number' && v > n; };
    default:
      return (e) => { const v = readPlain(e, p); return typeof v === 'number' && v >= n; };
  }
}

/** What a string leaf tests: substring, prefix, suffix or a compiled glob. */
export type StringTest = { kind: 'contains' | 'prefix' | 'suffix'; text: string } | { kind: 'glob'; test: (s: string) => boolean };

/**
 * A string test on the field (false unless the field is a string).
 * @example
 * const checkout = stringLeaf(plainPath(['context', 'page', 'url'])!, { kind: 'contains', text: '/checkout' });
 */
export function stringLeaf(p: PlainPath, t: StringTest): Leaf {
  if (t.kind === 'glob') {
    const test = t.test;
    return (e) => { const s = readPlain(e, p); return typeof s === 'string' && test(s); };
  }
  const x = t.text;
  if (t.kind === 'contains') return (e) => { const s = readPlain(e, p); return typeof s === 'string' && s.includes(x); };
  if (t.kind === 'prefix' && x.length > 0) {
    // Most strings differ in their first character; `charCodeAt` is inlined, `startsWith` is a call.
    const c0 = x.charCodeAt(0);
    return (e) => { const s = readPlain(e, p); return typeof s === 'string' && s.charCodeAt(0) === c0 && s.startsWith(x); };
  }
  if (t.kind === 'prefix') return (e) => typeof readPlain(e, p) === 'string';
  return (e) => { const s = readPlain(e, p); return typeof s === 'string' && s.endsWith(x); };
}

/**
 * Membership of the field (missing = null) in a set of primitive constants.
 * @example
 * const isOrder = setLeaf(plainPath(['event'])!, new Set(['Order Completed', 'Order Refunded']));
 */
export function setLeaf(p: PlainPath, set: ReadonlySet<unknown>): Leaf {
  return (e) => { const v = readPlain(e, p); return set.has(v === undefined ? null : v); };
}

