/**
 * Compiles an FQL syntax tree once into nested closures: no tree walk and no `eval` per event.
 * Constant sub-expressions are folded; the common shapes (`path = "x"`, `path > 3`,
 * `path in [...]`, `contains(path, "x")`, `match(path, "x*")`) get dedicated closures.
 */
import type { FqlComparisonOperator, FqlNode } from './fql-ast.ts';
import { FQL_FUNCTIONS } from './fql-functions.ts';
import { compileGlob, globShape } from './fql-glob.ts';
import { compileIncludes } from './fql-substring.ts';
import { parseFql } from './fql-parser.ts';
import { compareLeaf, equalsLeaf, nullLeaf, type StringTest, setLeaf, stringLeaf } from './fql-leaves.ts';
import { compilePath, type PlainPath, plainPath } from './fql-path.ts';
import { fqlEquals, internString } from './fql-values.ts';

/**
 * A compiled FQL predicate.
 * @example
 * const p: FqlPredicate = compileFql('type = "track"');
 * p({ type: 'track' }); // true
 */
export type FqlPredicate = (event: unknown) => boolean;
type Getter = (event: unknown) => unknown;
/** A compiled operand: a constant, or a getter (`plain` when it is a 1-3 key path; `bool` when it always returns a boolean). */
type Value = { get: Getter; isConst: boolean; value: unknown; plain?: PlainPath | null; bool?: boolean };

const TRUE: FqlPredicate = () => true;
const FALSE: FqlPredicate = () => false;
const constant = (value: unknown): Value => ({ get: () => value, isConst: true, value });
const dynamic = (get: Getter): Value => ({ get, isConst: false, value: undefined });
const constPred = (b: boolean): FqlPredicate => (b ? TRUE : FALSE);

function compileValue(node: FqlNode): Value {
  switch (node.kind) {
    case 'literal':
      return constant(typeof node.value === 'string' ? internString(node.value) : node.value);
    case 'path': {
      const segments = node.segments.map(internString);
      return { ...dynamic(compilePath(segments)), plain: plainPath(segments) };
    }
    case 'list': {
      const items = node.items.map(compileValue);
      if (items.every((i) => i.isConst)) return constant(Object.freeze(items.map((i) => i.value)));
      const gets = items.map((i) => i.get);
      return dynamic((e) => gets.map((g) => g(e)));
    }
    case 'call':
      return compileCall(node.name, node.args.map(compileValue));
    default:
      return dynamic(compilePredicate(node));
  }
}

/** The cheapest string test equivalent to `contains(s, text)` (`glob` false) or `match(s, text)`. */
function stringTest(text: string, glob: boolean): StringTest {
  if (!glob) return { kind: 'contains', test: compileIncludes(internString(text)) };
  const shape = globShape(text);
  const kind = shape && shape.kind !== 'any' ? shape.kind : 'glob';
  return { kind, test: compileGlob(text) };
}

function compileCall(name: keyof typeof FQL_FUNCTIONS, args: Value[]): Value {
  const impl = FQL_FUNCTIONS[name];
  if (args.every((a) => a.isConst)) return constant(impl(...args.map((a) => a.value)));
  const [a, b, c] = args as [Value, Value, Value];
  if ((name === 'contains' || name === 'match') && b.isConst) {
    const lit = b.value;
    if (typeof lit !== 'string') return constant(false);
    const t = stringTest(lit, name === 'match');
    if (a.plain) return { ...dynamic(stringLeaf(a.plain, t)), bool: true };
    const [get, test] = [a.get, t.test];
    return { ...dynamic((e) => { const s = get(e); return typeof s === 'string' && test(s); }), bool: true };
  }
  if (args.length === 1) {
    const ga = a.get;
    return dynamic((e) => impl(ga(e)));
  }
  if (args.length === 2) {
    const [ga, gb] = [a.get, b.get];
    return dynamic((e) => impl(ga(e), gb(e)));
  }
  const [ga, gb, gc] = [a.get, b.get, c.get];
  return dynamic((e) => impl(ga(e), gb(e), gc(e)));
}

function compileEquals(l: Value, r: Value): FqlPredicate {
  if (l.isConst && r.isConst) return constPred(fqlEquals(l.value, r.value));
  if (!l.isConst && !r.isConst) {
    const [gl, gr] = [l.get, r.get];
    return (e) => fqlEquals(gl(e), gr(e));
  }
  const c = l.isConst ? l.value : r.value;
  const get = l.isConst ? r.get : l.get;
  const plain = l.isConst ? r.plain : l.plain;
  if (c === null) return plain ? nullLeaf(plain, false) : (e) => get(e) == null;
  if (typeof c !== 'object') return plain ? equalsLeaf(plain, c as string | number | boolean, false) : (e) => get(e) === c;
  const json = JSON.stringify(c);
  return (e) => {
    const v = get(e);
    return typeof v === 'object' && v !== null && JSON.stringify(v) === json;
  };
}

/**
 * `p = c1 or p = c2 or …` on one path with primitive constants becomes one Set lookup.
 */
function equalityChain(children: FqlNode[]): FqlPredicate | null {
  let key: string | null = null;
  const values: unknown[] = [];
  for (const ch of children) {
    if (ch.kind !== 'compare' || ch.op !== '=') return null;
    const [p, lit] = ch.left.kind === 'path' ? [ch.left, ch.right] : [ch.right, ch.left];
    if (p.kind !== 'path' || lit.kind !== 'literal') return null;
    const k = JSON.stringify(p.segments);
    if (key !== null && key !== k) return null;
    key = k;
    values.push(typeof lit.value === 'string' ? internString(lit.value) : lit.value);
  }
  const first = children[0] as { left: FqlNode; right: FqlNode };
  const path = first.left.kind === 'path' ? first.left : first.right;
  if (path.kind !== 'path') return null;
  const set = new Set(values);
  const plain = plainPath(path.segments);
  if (plain) return setLeaf(plain, set);
  const get = compilePath(path.segments.map(internString));
  return (e) => {
    const v = get(e);
    return set.has(v === undefined ? null : v);
  };
}

const FLIP: Record<string, FqlComparisonOperator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function numberTest(op: FqlComparisonOperator, n: number): (v: unknown) => boolean {
  switch (op) {
    case '<':
      return (v) => typeof v === 'number' && v < n;
    case '<=':
      return (v) => typeof v === 'number' && v <= n;
    case '>':
      return (v) => typeof v === 'number' && v > n;
    default:
      return (v) => typeof v === 'number' && v >= n;
  }
}

function compileCompare(op: FqlComparisonOperator, l: Value, r: Value): FqlPredicate {
  if (op === '=' || op === '!=') {
    const eq = compileEquals(l, r);
    if (op === '=') return eq;
    if (eq === TRUE || eq === FALSE) return constPred(eq === FALSE);
    const c = l.isConst ? l.value : r.isConst ? r.value : undefined;
    const get = l.isConst ? r.get : l.get;
    const plain = l.isConst ? r.plain : l.plain;
    if (c === null) return plain ? nullLeaf(plain, true) : (e) => get(e) != null;
    if (c !== undefined && typeof c !== 'object') return plain ? equalsLeaf(plain, c as string | number | boolean, true) : (e) => get(e) !== c;
    return (e) => !eq(e);
  }
  if (r.isConst && l.isConst) {
    const [a, b] = [l.value, r.value];
    return constPred(typeof a === 'number' && typeof b === 'number' && numberTest(op, b)(a));
  }
  if (r.isConst || l.isConst) {
    const c = r.isConst ? r.value : l.value;
    if (typeof c !== 'number') return FALSE;
    const plain = r.isConst ? l.plain : r.plain;
    if (plain) return compareLeaf(plain, r.isConst ? op : (FLIP[op] as FqlComparisonOperator), c);
    const test = numberTest(r.isConst ? op : FLIP[op]!, c);
    const get = r.isConst ? l.get : r.get;
    return (e) => test(get(e));
  }
  const [gl, gr] = [l.get, r.get];
  return (e) => {
    const a = gl(e);
    const b = gr(e);
    if (typeof a !== 'number' || typeof b !== 'number') return false;
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  };
}

function compileIn(l: Value, r: Value): FqlPredicate {
  if (r.isConst) {
    const list = r.value;
    if (!Array.isArray(list)) return FALSE;
    if (l.isConst) return constPred(list.some((x) => fqlEquals(l.value, x)));
    const get = l.get;
    if (list.every((x) => x === null || typeof x !== 'object')) {
      const set = new Set<unknown>(list.map((x) => (typeof x === 'string' ? internString(x) : x)));
      if (l.plain) return setLeaf(l.plain, set);
      return (e) => {
        const v = get(e);
        return set.has(v === undefined ? null : v);
      };
    }
    return (e) => {
      const v = get(e);
      return list.some((x) => fqlEquals(v, x));
    };
  }
  const gr = r.get;
  if (l.isConst && (l.value === null || typeof l.value !== 'object')) {
    const c = l.value;
    return (e) => {
      const arr = gr(e);
      return Array.isArray(arr) && arr.includes(c);
    };
  }
  const gl = l.get;
  return (e) => {
    const arr = gr(e);
    if (!Array.isArray(arr)) return false;
    const v = gl(e);
    return arr.some((x) => fqlEquals(v, x));
  };
}

function compileJunction(kind: 'and' | 'or', children: FqlNode[]): FqlPredicate {
  const ps = children.map(compilePredicate);
  if (kind === 'or') {
    const chain = equalityChain(children);
    if (chain) return chain;
  }
  return compileJunctionOf(kind, ps);
}

function compileJunctionOf(kind: 'and' | 'or', ps: FqlPredicate[]): FqlPredicate {
  const [a, b, c] = ps as [FqlPredicate, FqlPredicate, FqlPredicate];
  if (kind === 'and') {
    if (ps.length === 1) return a;
    if (ps.length === 2) return (e) => a(e) && b(e);
    if (ps.length === 3) return (e) => a(e) && b(e) && c(e);
    return (e) => {
      for (const p of ps) if (!p(e)) return false;
      return true;
    };
  }
  if (ps.length === 2) return (e) => a(e) || b(e);
  if (ps.length === 3) return (e) => a(e) || b(e) || c(e);
  return (e) => {
    for (const p of ps) if (p(e)) return true;
    return false;
  };
}

/**
 * Compiles a parsed FQL tree into a predicate. A value used as a condition (a bare path,
 * `lowercase(x)`) is true only when it is the boolean `true`.
 * @example
 * const p = compileFqlNode(parseFql('properties.total > 100'));
 * p({ properties: { total: 150 } }); // true
 */
export function compileFqlNode(node: FqlNode): FqlPredicate {
  return compilePredicate(node);
}

function compilePredicate(node: FqlNode): FqlPredicate {
  switch (node.kind) {
    case 'all':
      return TRUE;
    case 'and':
    case 'or':
      return compileJunction(node.kind, node.children);
    case 'not': {
      const p = compilePredicate(node.operand);
      if (p === TRUE || p === FALSE) return constPred(p === FALSE);
      return (e) => !p(e);
    }
    case 'compare':
      return compileCompare(node.op, compileValue(node.left), compileValue(node.right));
    case 'in':
      return compileIn(compileValue(node.left), compileValue(node.right));
    default: {
      const v = compileValue(node);
      if (v.isConst) return constPred(v.value === true);
      if (v.bool) return v.get as FqlPredicate;
      const get = v.get;
      return (e) => get(e) === true;
    }
  }
}

/**
 * Parses and compiles an FQL query once into `(event) => boolean`. `all` matches everything.
 * @throws FqlSyntaxError when the query does not parse (see `parseFql`).
 * @example
 * const isOrder = compileFql('type = "track" and event = "Order Completed"');
 * isOrder({ type: 'track', event: 'Order Completed' }); // true
 * compileFql('all')({}); // true
 */
export function compileFql(source: string): FqlPredicate {
  return compilePredicate(parseFql(source));
}
