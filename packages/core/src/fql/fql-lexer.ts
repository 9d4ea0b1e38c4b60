/**
 * The FQL tokenizer. Field paths are lexed as one token (segments split on `.`, `\x` escapes
 * resolved, `['quoted key']` and `[0]` accepted); strings are '…' or "…" without escapes.
 */
import type { FqlPosition } from './fql-ast.ts';
import { FqlSyntaxError } from './fql-syntax-error.ts';

/** Keywords: a bare, unescaped path of one segment with one of these names. */
const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null']);

/**
 * Kinds of FQL tokens.
 * @example
 * const t: FqlTokenType = 'path';
 */
export type FqlTokenType =
  | 'path'
  | 'keyword'
  | 'string'
  | 'number'
  | 'op'
  | 'bang'
  | 'lparen'
  | 'rparen'
  | 'lbrack'
  | 'rbrack'
  | 'comma'
  | 'eof';

/**
 * One token with its source text and position.
 * @example
 * const t: FqlToken = { type: 'op', text: '=', pos: { line: 1, column: 7, offset: 6 } };
 */
export interface FqlToken {
  type: FqlTokenType;
  /** The source text (for messages); for strings, the content without quotes. */
  text: string;
  pos: FqlPosition;
  segments?: string[];
  value?: number;
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const UNICODE_WORD = /[\p{L}\p{N}\p{M}]/u;

function isIdentChar(ch: string, first: boolean): boolean {
  const c = ch.charCodeAt(0);
  if (isAsciiLetter(c) || c === 95 /* _ */ || c === 92 /* \ */) return true;
  if (first) return c > 127 && /\p{L}/u.test(ch);
  return isDigit(c) || c === 45 /* - */ || (c > 127 && UNICODE_WORD.test(ch));
}

/**
 * Splits FQL source into tokens, ending with an `eof` token.
 * @example
 * tokenizeFql('event = "x"').map((t) => t.type); // ['path', 'op', 'string', 'eof']
 */
export function tokenizeFql(source: string): FqlToken[] {
  const tokens: FqlToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = source.length;
  const posAt = (offset: number): FqlPosition => ({ line, column: offset - lineStart + 1, offset });
  const fail = (reason: string, offset: number, expected: string[] = []): never => {
    const p = posAt(offset);
    throw new FqlSyntaxError(reason, p.line, p.column, expected);
  };

  /** Reads one path segment starting at i (an identifier with `\x` escapes). */
  const readSegment = (allowDigitStart: boolean): { name: string; escaped: boolean } => {
    let name = '';
    let escaped = false;
    let first = true;
    while (i < n) {
      const ch = source[i]!;
      if (!isIdentChar(ch, first && !allowDigitStart)) break;
      if (ch === '\\') {
        if (i + 1 >= n) fail('expected a character after "\\"', i + 1, ['a character']);
        const cp = source.codePointAt(i + 1)!;
        const escapedChar = String.fromCodePoint(cp);
        if (escapedChar === '\n') fail('a line break cannot be escaped in a field name', i + 1);
        name += escapedChar;
        i += 1 + escapedChar.length;
        escaped = true;
      } else {
        name += ch;
        i += 1;
      }
      first = false;
    }
    return { name, escaped };
  };

  const readBracketSegment = (): string => {
    const open = i;
    i += 1; // [
    while (source[i] === ' ' || source[i] === '\t') i += 1;
    const q = source[i];
    let key: string;
    if (q === '"' || q === "'") {
      const end = source.indexOf(q, i + 1);
      if (end < 0) fail(`unterminated string in field path; expected a closing ${q}`, i, [q]);
      key = source.slice(i + 1, end);
      i = end + 1;
    } else if (q !== undefined && isDigit(q.charCodeAt(0))) {
      const start = i;
      while (i < n && isDigit(source.charCodeAt(i))) i += 1;
      key = String(Number(source.slice(start, i)));
    } else {
      return fail('expected a quoted key or an index after "[" in a field path', i, ['a string', 'an index']);
    }
    while (source[i] === ' ' || source[i] === '\t') i += 1;
    if (source[i] !== ']') fail(`expected "]" to close the "[" at column ${open - lineStart + 1}`, i, ['"]"']);
    i += 1;
    return key;
  };

  const readPath = (): FqlToken => {
    const start = i;
    const pos = posAt(start);
    const first = readSegment(false);
    if (!first.escaped && KEYWORDS.has(first.name)) {
      return { type: 'keyword', text: first.name, pos };
    }
    const segments = [first.name];
    for (;;) {
      if (source[i] === '.') {
        i += 1;
        if (i >= n || !isIdentChar(source[i]!, false)) fail('expected a field name after "."', i, ['a field name']);
        segments.push(readSegment(true).name);
      } else if (source[i] === '[' && i > start) {
        segments.push(readBracketSegment());
      } else {
        break;
      }
    }
    return { type: 'path', text: source.slice(start, i), pos, segments };
  };

  const readNumber = (): FqlToken => {
    const start = i;
    if (source[i] === '-' || source[i] === '+') i += 1;
    if (i >= n || !isDigit(source.charCodeAt(i))) fail(`expected a digit after "${source[start]}"`, i, ['a digit']);
    while (i < n && isDigit(source.charCodeAt(i))) i += 1;
    if (source[i] === '.') {
      i += 1;
      if (i >= n || !isDigit(source.charCodeAt(i))) fail('expected a digit after the decimal point', i, ['a digit']);
      while (i < n && isDigit(source.charCodeAt(i))) i += 1;
    }
    if (i < n && (isIdentChar(source[i]!, false) || source[i] === '.')) {
      fail(`invalid number "${source.slice(start, i + 1)}"`, i);
    }
    const text = source.slice(start, i);
    return { type: 'number', text, pos: posAt(start), value: Number(text) };
  };

  while (i < n) {
    const ch = source[i]!;
    if (ch === '\n') {
      i += 1;
      line += 1;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i += 1;
      continue;
    }
    const pos = posAt(i);
    if (ch === '"' || ch === "'") {
      const end = source.indexOf(ch, i + 1);
      if (end < 0) fail(`unterminated string; expected a closing ${ch}`, i, [ch]);
      tokens.push({ type: 'string', text: source.slice(i + 1, end), pos });
      for (let k = i + 1; k < end; k += 1) {
        if (source[k] === '\n') {
          line += 1;
          lineStart = k + 1;
        }
      }
      i = end + 1;
    } else if (ch === '=' || ch === '<' || ch === '>') {
      const two = source[i + 1] === '=' && ch !== '=';
      tokens.push({ type: 'op', text: two ? `${ch}=` : ch, pos });
      i += two ? 2 : 1;
    } else if (ch === '!') {
      const two = source[i + 1] === '=';
      tokens.push(two ? { type: 'op', text: '!=', pos } : { type: 'bang', text: '!', pos });
      i += two ? 2 : 1;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === ',') {
      const type = ({ '(': 'lparen', ')': 'rparen', '[': 'lbrack', ']': 'rbrack', ',': 'comma' } as const)[ch];
      tokens.push({ type, text: ch, pos });
      i += 1;
    } else if (isDigit(ch.charCodeAt(0)) || ch === '-' || ch === '+') {
      tokens.push(readNumber());
    } else if (isIdentChar(ch, true)) {
      tokens.push(readPath());
    } else {
      const cp = String.fromCodePoint(source.codePointAt(i)!);
      fail(`unexpected character ${JSON.stringify(cp)}${cp === '&' || cp === '|' ? ' (use "and" / "or")' : ''}`, i);
    }
  }
  tokens.push({ type: 'eof', text: 'end of input', pos: posAt(n) });
  return tokens;
}
