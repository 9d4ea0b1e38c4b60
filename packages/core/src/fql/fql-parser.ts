/**
 * The FQL parser: a recursive-descent parser over `tokenizeFql`'s tokens with the usual
 * precedence (`!` > comparisons > `and` > `or`), bounded input size, nesting depth and steps.
 */
import type { FqlComparisonOperator, FqlNode, FqlPosition } from './fql-ast.ts';
import { FQL_FUNCTION_ARITY, isFqlFunctionName } from './fql-functions.ts';
import { type FqlToken, tokenizeFql } from './fql-lexer.ts';
import { FqlSyntaxError } from './fql-syntax-error.ts';
import { utf8Length } from './fql-values.ts';

/** Largest accepted query, in UTF-8 bytes (5 KB, as Segment). */
export const FQL_MAX_BYTES = 5 * 1024;
/** Deepest accepted nesting of parentheses, `!`, lists and function calls. */
export const FQL_MAX_DEPTH = 64;

/**
 * Counters of one parse, used to prove the parser's work is bounded by its input.
 * @example
 * const { stats } = parseFqlWithStats('event = "x"');
 * stats.steps <= 6 * stats.tokens; // true
 */
export interface FqlParseStats {
  tokens: number;
  steps: number;
  maxDepth: number;
}

const VALUE = ['a value'];
const AFTER_EXPR = ['"and"', '"or"', 'end of input'];
const OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/**
 * Parses FQL and also returns work counters (tokens, steps, depth).
 * @example
 * parseFqlWithStats('a = 1').stats.tokens; // 4 (including end of input)
 */
export function parseFqlWithStats(source: string): { ast: FqlNode; stats: FqlParseStats } {
  if (typeof source !== 'string') throw new FqlSyntaxError('the query must be a string', 1, 1, ['a string']);
  const bytes = utf8Length(source);
  if (bytes > FQL_MAX_BYTES) {
    throw new FqlSyntaxError(`the query is ${bytes} bytes; the limit is ${FQL_MAX_BYTES} bytes (5 KB)`, 1, 1);
  }
  const tokens = tokenizeFql(source);
  const stats: FqlParseStats = { tokens: tokens.length, steps: 0, maxDepth: 0 };
  const stepLimit = 8 * tokens.length + 16;
  let at = 0;

  const peek = (): FqlToken => tokens[at]!;
  const next = (): FqlToken => {
    const t = tokens[at]!;
    if (t.type !== 'eof') at += 1;
    return t;
  };
  const step = (depth: number): void => {
    stats.steps += 1;
    if (stats.steps > stepLimit) throw new Error(`FQL parser exceeded its step budget (${stepLimit})`);
    if (depth > stats.maxDepth) stats.maxDepth = depth;
    if (depth > FQL_MAX_DEPTH) {
      const p = peek().pos;
      throw new FqlSyntaxError(`expressions are nested more than ${FQL_MAX_DEPTH} levels deep`, p.line, p.column);
    }
  };
  const describe = (t: FqlToken): string => (t.type === 'eof' ? 'end of input' : t.type === 'string' ? 'a string' : `"${t.text}"`);
  const failAt = (t: FqlToken, reason: string, expected: string[]): never => {
    throw new FqlSyntaxError(reason, t.pos.line, t.pos.column, expected);
  };
  const isKw = (t: FqlToken, kw: string): boolean => t.type === 'keyword' && t.text === kw;

  const parseOr = (depth: number): FqlNode => {
    step(depth);
    const first = parseAnd(depth);
    if (!isKw(peek(), 'or')) return first;
    const children = [first];
    while (isKw(peek(), 'or')) {
      next();
      children.push(parseAnd(depth));
    }
    return { kind: 'or', children, pos: first.pos };
  };

  const parseAnd = (depth: number): FqlNode => {
    step(depth);
    const first = parseUnary(depth);
    if (!isKw(peek(), 'and')) return first;
    const children = [first];
    while (isKw(peek(), 'and')) {
      next();
      children.push(parseUnary(depth));
    }
    return { kind: 'and', children, pos: first.pos };
  };

  const parseUnary = (depth: number): FqlNode => {
    step(depth);
    const t = peek();
    if (t.type === 'bang') {
      next();
      return { kind: 'not', operand: parseUnary(depth + 1), pos: t.pos };
    }
    return parseComparison(depth);
  };

  const parseComparison = (depth: number): FqlNode => {
    step(depth);
    const left = parseOperand(depth);
    const t = peek();
    if (t.type === 'op' && OPS.has(t.text)) {
      next();
      const right = parseOperand(depth, t);
      return { kind: 'compare', op: t.text as FqlComparisonOperator, left, right, pos: left.pos };
    }
    if (isKw(t, 'in')) {
      next();
      const right = parseOperand(depth, t);
      return { kind: 'in', left, right, pos: left.pos };
    }
    return left;
  };

  const parseOperand = (depth: number, after?: FqlToken): FqlNode => {
    step(depth);
    const t = peek();
    const pos: FqlPosition = t.pos;
    switch (t.type) {
      case 'string':
        next();
        return { kind: 'literal', value: t.text, pos };
      case 'number':
        next();
        return { kind: 'literal', value: t.value!, pos };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false' || t.text === 'null') {
          next();
          return { kind: 'literal', value: t.text === 'null' ? null : t.text === 'true', pos };
        }
        break;
      case 'lparen': {
        next();
        const inner = parseOr(depth + 1);
        const close = peek();
        if (close.type !== 'rparen') {
          failAt(close, `expected ")" to close the "(" at ${pos.line}:${pos.column}, got ${describe(close)}`, ['")"', '"and"', '"or"']);
        }
        next();
        return inner;
      }
      case 'lbrack':
        return parseList(depth + 1);
      case 'path':
        if (t.segments!.length === 1 && tokens[at + 1]?.type === 'lparen') return parseCall(depth + 1);
        next();
        return { kind: 'path', segments: t.segments!, pos };
      default:
        break;
    }
    const where = after ? `after "${after.text}"` : at === 0 ? 'at the start of the query' : `after ${describe(tokens[at - 1]!)}`;
    const what = t.type === 'eof' && at === 0 ? 'the query is empty; expected a condition' : `expected a value ${where}`;
    return failAt(t, t.type === 'eof' || at === 0 ? what : `${what}, got ${describe(t)}`, VALUE);
  };

  const parseList = (depth: number): FqlNode => {
    step(depth);
    const open = next();
    const items: FqlNode[] = [];
    if (peek().type === 'rbrack') {
      next();
      return { kind: 'list', items, pos: open.pos };
    }
    for (;;) {
      items.push(parseOr(depth));
      const t = next();
      if (t.type === 'rbrack') return { kind: 'list', items, pos: open.pos };
      if (t.type !== 'comma') failAt(t, `expected "," or "]" in the list opened at ${open.pos.line}:${open.pos.column}, got ${describe(t)}`, ['","', '"]"']);
    }
  };

  const parseCall = (depth: number): FqlNode => {
    step(depth);
    const nameTok = next();
    const name = nameTok.text;
    if (!isFqlFunctionName(name)) {
      return failAt(nameTok, `unknown function "${name}"`, Object.keys(FQL_FUNCTION_ARITY));
    }
    next(); // (
    const args: FqlNode[] = [];
    if (peek().type !== 'rparen') {
      for (;;) {
        args.push(parseOr(depth));
        const t = peek();
        if (t.type === 'rparen') break;
        if (t.type !== 'comma') failAt(t, `expected "," or ")" in the arguments of ${name}(), got ${describe(t)}`, ['","', '")"']);
        next();
      }
    }
    next(); // )
    const [min, max] = FQL_FUNCTION_ARITY[name];
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min}` : `${min} to ${max}`;
      failAt(nameTok, `${name}() takes ${want} argument${max === 1 ? '' : 's'}, got ${args.length}`, []);
    }
    return { kind: 'call', name, args, pos: nameTok.pos };
  };

  if (source.trim() === 'all') return { ast: { kind: 'all', pos: { line: 1, column: 1, offset: 0 } }, stats };
  const ast = parseOr(0);
  const end = peek();
  if (end.type !== 'eof') {
    const reason = end.type === 'rparen' ? 'unexpected ")" without a matching "("' : `expected "and", "or" or end of input, got ${describe(end)}`;
    failAt(end, reason, AFTER_EXPR);
  }
  return { ast, stats };
}

/**
 * Parses an FQL query into its syntax tree. The query `all` matches every event.
 * @throws FqlSyntaxError with 1-based `line`/`column` and `expected`, e.g.
 *   `FQL syntax error at 1:9: expected a value after "="`; queries over 5 KB are refused.
 * @example
 * const ast = parseFql('type = "track" and event = "Order Completed"');
 * ast.kind; // 'and'
 */
export function parseFql(source: string): FqlNode {
  return parseFqlWithStats(source).ast;
}
