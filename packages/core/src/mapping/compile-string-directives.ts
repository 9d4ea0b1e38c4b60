import { type CompileContext, readArgs, resolveNothing, typeName } from './compile-context.ts';
import type { MappingResolver } from './mapping-types.ts';

/**
 * `@case`: `{ operator: "lower" | "upper", value }`. Non-string values pass through unchanged.
 * @example
 * compileCase({ operator: 'upper', value: 'abc' }, '@case', 1, ctx)({}); // 'ABC'
 */
export function compileCase(arg: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  const args = readArgs('@case', arg, at, ctx, ['operator', 'value'], ['operator', 'value']);
  if (args === undefined) return resolveNothing;
  const { operator } = args;
  if (Object.hasOwn(args, 'operator') && operator !== 'lower' && operator !== 'upper') {
    ctx.issue(at, `@case "operator" must be "lower" or "upper", got ${describe(operator)}`);
  }
  const value = ctx.child(args.value, `${at}.value`, depth);
  const upper = operator === 'upper';
  return (payload) => {
    const v = value(payload);
    if (typeof v !== 'string') return v;
    return upper ? v.toUpperCase() : v.toLowerCase();
  };
}

const REPLACE_KEYS = ['value', 'pattern', 'replacement', 'pattern2', 'replacement2', 'global', 'ignorecase'];

/**
 * `@replace`: `{ value, pattern, replacement?, pattern2?, replacement2?, global?, ignorecase? }`.
 * Patterns are plain text, not regular expressions. `global` defaults to true, `ignorecase` to
 * false, replacements to "". Numbers and booleans are converted to strings first; other
 * non-string values pass through.
 * @example
 * compileReplace({ value: 'a-b-c', pattern: '-', replacement: '_' }, '@replace', 1, ctx)({}); // 'a_b_c'
 */
export function compileReplace(arg: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  const args = readArgs('@replace', arg, at, ctx, REPLACE_KEYS, ['value', 'pattern']);
  if (args === undefined) return resolveNothing;
  const text = (key: string, required: boolean): string => {
    const v = args[key];
    if (v === undefined && !required) return '';
    if (typeof v === 'string' && (v !== '' || !key.startsWith('pattern'))) return v;
    if (v !== undefined) ctx.issue(at, `@replace "${key}" must be a ${key.startsWith('pattern') ? 'non-empty ' : ''}string, got ${describe(v)}`);
    return '';
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const v = args[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') ctx.issue(at, `@replace "${key}" must be a boolean, got ${describe(v)}`);
    return v === true;
  };
  const global = flag('global', true);
  const ignoreCase = flag('ignorecase', false);
  const first = replacer(text('pattern', true), text('replacement', false), global, ignoreCase);
  const hasSecond = Object.hasOwn(args, 'pattern2');
  if (!hasSecond && Object.hasOwn(args, 'replacement2')) ctx.issue(at, '@replace "replacement2" needs "pattern2"');
  const second = hasSecond ? replacer(text('pattern2', true), text('replacement2', false), global, ignoreCase) : undefined;
  const value = ctx.child(args.value, `${at}.value`, depth);
  return (payload) => {
    let v = value(payload);
    if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
    if (typeof v !== 'string') return v;
    const once = first(v);
    return second === undefined ? once : second(once);
  };
}

function replacer(pattern: string, replacement: string, global: boolean, ignoreCase: boolean): (s: string) => string {
  if (pattern === '') return (s) => s;
  if (!ignoreCase && global) return (s) => s.split(pattern).join(replacement);
  const regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), (global ? 'g' : '') + (ignoreCase ? 'i' : ''));
  return (s) => s.replace(regex, () => replacement);
}

/**
 * `@json`: `{ mode: "encode" | "decode", value }`. `encode` gives a JSON string (undefined stays
 * undefined); `decode` parses a string (dropping `__proto__` keys), leaving invalid JSON and
 * non-strings unchanged.
 * @example
 * compileJson({ mode: 'decode', value: '{"a":1}' }, '@json', 1, ctx)({}); // { a: 1 }
 */
export function compileJson(arg: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  const args = readArgs('@json', arg, at, ctx, ['mode', 'value'], ['mode', 'value']);
  if (args === undefined) return resolveNothing;
  const { mode } = args;
  if (Object.hasOwn(args, 'mode') && mode !== 'encode' && mode !== 'decode') {
    ctx.issue(at, `@json "mode" must be "encode" or "decode", got ${describe(mode)}`);
  }
  const value = ctx.child(args.value, `${at}.value`, depth);
  if (mode === 'encode') return (payload) => encode(value(payload));
  return (payload) => decode(value(payload));
}

function encode(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value, (key, v) => (key === '__proto__' ? undefined : v));
  } catch {
    return value;
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeName(value);
}
