/**
 * Glob matching for FQL's `match()`: `*` (any run, including "/"), `?` (one character),
 * `[abc]`, `[a-z]`, `[^a-z]` and `\x` (literal x). The whole string must match; matching is
 * case-sensitive and works on Unicode code points. A malformed pattern (unclosed `[`, trailing
 * `\`) never matches, as in Segment. Worst case O(pattern × string), no exponential backtracking.
 */
import { compileIncludes, compilePrefix, compileSuffix } from './fql-substring.ts';
import { internString } from './fql-values.ts';

type GlobToken =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; ch: string }
  | { kind: 'class'; ranges: Array<[string, string]>; negated: boolean };

const NEVER = (): boolean => false;

/** Parses a glob into tokens; null when malformed. */
function parseGlob(pattern: string): GlobToken[] | null {
  const p = Array.from(pattern);
  const out: GlobToken[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '*') {
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
      i += 1;
    } else if (c === '?') {
      out.push({ kind: 'any' });
      i += 1;
    } else if (c === '\\') {
      if (i + 1 >= p.length) return null;
      out.push({ kind: 'char', ch: p[i + 1]! });
      i += 2;
    } else if (c === '[') {
      i += 1;
      let negated = false;
      if (p[i] === '^') {
        negated = true;
        i += 1;
      }
      const ranges: Array<[string, string]> = [];
      for (;;) {
        if (i >= p.length) return null;
        if (p[i] === ']' && ranges.length > 0) {
          i += 1;
          break;
        }
        const lo = classChar(p, i);
        if (!lo) return null;
        i = lo.next;
        let hi = lo.ch;
        if (p[i] === '-') {
          const h = classChar(p, i + 1);
          if (!h) return null;
          hi = h.ch;
          i = h.next;
        }
        ranges.push([lo.ch, hi]);
      }
      out.push({ kind: 'class', ranges, negated });
    } else {
      out.push({ kind: 'char', ch: c });
      i += 1;
    }
  }
  return out;
}

function classChar(p: string[], i: number): { ch: string; next: number } | null {
  const c = p[i];
  if (c === undefined || c === '-' || c === ']') return null;
  if (c === '\\') {
    const e = p[i + 1];
    return e === undefined ? null : { ch: e, next: i + 2 };
  }
  return { ch: c, next: i + 1 };
}

function matchOne(t: GlobToken, ch: string): boolean {
  if (t.kind === 'any') return true;
  if (t.kind === 'char') return t.ch === ch;
  if (t.kind === 'class') {
    const cp = ch.codePointAt(0)!;
    let found = false;
    for (const [lo, hi] of t.ranges) {
      if (lo.codePointAt(0)! <= cp && cp <= hi.codePointAt(0)!) {
        found = true;
        break;
      }
    }
    return found !== t.negated;
  }
  return false;
}

function run(tokens: GlobToken[], s: string[]): boolean {
  let ti = 0;
  let si = 0;
  let starT = -1;
  let starS = 0;
  while (si < s.length) {
    const t = tokens[ti];
    if (t?.kind === 'star') {
      starT = ti;
      starS = si;
      ti += 1;
    } else if (t !== undefined && matchOne(t, s[si]!)) {
      ti += 1;
      si += 1;
    } else if (starT >= 0) {
      ti = starT + 1;
      starS += 1;
      si = starS;
    } else {
      return false;
    }
  }
  while (tokens[ti]?.kind === 'star') ti += 1;
  return ti === tokens.length;
}

/**
 * The literal shape of a pattern made only of literal characters and stars, if it has one.
 * @example
 * globShape('Product *'); // { kind: 'prefix', text: 'Product ' }
 * globShape('a?c'); // null
 */
export function globShape(pattern: string): { kind: 'exact' | 'prefix' | 'suffix' | 'contains' | 'any'; text: string } | null {
  const tokens = parseGlob(pattern);
  if (!tokens?.every((t) => t.kind === 'char' || t.kind === 'star')) return null;
  const stars = tokens.filter((t) => t.kind === 'star').length;
  const text = tokens.map((t) => (t.kind === 'char' ? t.ch : '')).join('');
  const lead = tokens[0]?.kind === 'star';
  const trail = tokens.at(-1)?.kind === 'star';
  if (stars === 0) return { kind: 'exact', text };
  if (stars === 1 && lead && trail) return { kind: 'any', text };
  if (stars === 1 && trail) return { kind: 'prefix', text };
  if (stars === 1 && lead) return { kind: 'suffix', text };
  if (stars === 2 && lead && trail) return { kind: 'contains', text };
  return null;
}

/**
 * Compiles a glob pattern once into a predicate. Pure-literal shapes (`abc`, `abc*`, `*abc`,
 * `*abc*`) become `===` and the precompiled prefix / suffix / substring tests of `fql-substring.ts`.
 * @example
 * const isOrder = compileGlob('Order *');
 * isOrder('Order Completed'); // true
 * compileGlob('ab[cC]d')('abCd'); // true
 */
export function compileGlob(pattern: string): (s: string) => boolean {
  const tokens = parseGlob(pattern);
  if (!tokens) return NEVER;
  const shape = globShape(pattern);
  if (shape) {
    const text = internString(shape.text);
    if (shape.kind === 'exact') return (s) => s === text;
    if (shape.kind === 'prefix') return compilePrefix(text);
    if (shape.kind === 'suffix') return compileSuffix(text);
    if (shape.kind === 'contains') return compileIncludes(text);
    return () => true;
  }
  return (s) => run(tokens, Array.from(s));
}
