/**
 * Specialised leaf predicates over a plain field path (1 to 3 keys): one closure literal per
 * operator × constant type, each reading the path with the inlinable `readPlain`, so a leaf costs
 * one closure call and its comparisons see a single type in V8's feedback.
 */
import type { FqlComparisonOperator } from './fql-ast.ts';
import { readKey } from './fql-key-slots.ts';
import { type PlainPath, readPlain } from './fql-path.ts';

type Leaf = (event: unknown) => boolean;
const isObj = (e: unknown): e is Record<string, unknown> => typeof e === 'object' && e !== null;

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

/**
 * What a string leaf tests: `test` is the compiled string test (see `fql-substring.ts`), `kind`
 * picks the leaf closure, so each kind of test has its own call site in V8's feedback.
 */
export type StringTest = { kind: 'contains' | 'prefix' | 'suffix' | 'exact' | 'glob'; test: (s: string) => boolean };

/**
 * A string test on the field (false unless the field is a string).
 * @example
 * const checkout = stringLeaf(plainPath(['context', 'page', 'url'])!, { kind: 'contains', test: compileIncludes('/checkout') });
 */
export function stringLeaf(p: PlainPath, t: StringTest): Leaf {
  const test = t.test;
  if (p.n === 1) return stringLeaf1(p.a, p.sa, t.kind, test);
  // biome-ignore format: one closure literal per kind is the point (separate call-site feedback)
  switch (t.kind) {
    case 'contains': return (e) => { const s = readPlain(e, p); return typeof s === 'string' && test(s); };
    case 'prefix': return (e) => { const s = readPlain(e, p); return typeof s === 'string' && test(s); };
    case 'suffix': return (e) => { const s = readPlain(e, p); return typeof s === 'string' && test(s); };
    case 'exact': return (e) => { const s = readPlain(e, p); return typeof s === 'string' && test(s); };
    default: return (e) => { const s = readPlain(e, p); return typeof s === 'string' && test(s); };
  }
}

/** `stringLeaf` on a top-level field (`event`, `name`): key and slot captured, no path walk. */
function stringLeaf1(a: string, sa: number, kind: StringTest['kind'], test: (s: string) => boolean): Leaf {
  // biome-ignore format: one closure literal per kind is the point (separate call-site feedback)
  switch (kind) {
    case 'contains': return (e) => { if (!isObj(e)) return false; const s = readKey(e, a, sa); return typeof s === 'string' && test(s); };
    case 'prefix': return (e) => { if (!isObj(e)) return false; const s = readKey(e, a, sa); return typeof s === 'string' && test(s); };
    case 'suffix': return (e) => { if (!isObj(e)) return false; const s = readKey(e, a, sa); return typeof s === 'string' && test(s); };
    case 'exact': return (e) => { if (!isObj(e)) return false; const s = readKey(e, a, sa); return typeof s === 'string' && test(s); };
    default: return (e) => { if (!isObj(e)) return false; const s = readKey(e, a, sa); return typeof s === 'string' && test(s); };
  }
}

/**
 * Membership of the field (missing = null) in a set of primitive constants.
 * @example
 * const isOrder = setLeaf(plainPath(['event'])!, new Set(['Order Completed', 'Order Refunded']));
 */
export function setLeaf(p: PlainPath, set: ReadonlySet<unknown>): Leaf {
  return (e) => { const v = readPlain(e, p); return set.has(v === undefined ? null : v); };
}

