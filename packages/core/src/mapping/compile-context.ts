import type { MappingIssue, MappingResolver } from './mapping-types.ts';

/** What a directive compiler gets: a sink for issues and a way to compile nested mappings. */
export type CompileContext = {
  /** Records a problem at `path` (a location inside the mapping). */
  issue(path: string, message: string): void;
  /** Compiles a nested mapping found at `path`, one level deeper than `depth`. */
  child(mapping: unknown, path: string, depth: number): MappingResolver;
  /** Counts one more mapping node; false (after reporting once) when the mapping is too large. */
  tick(path: string): boolean;
  /** All issues recorded so far. */
  readonly issues: MappingIssue[];
};

/** Compiles one directive's argument; reports problems to the context instead of throwing. */
export type DirectiveCompiler = (arg: unknown, at: string, depth: number, ctx: CompileContext) => MappingResolver;

/** Resolves to undefined; stands in for anything that failed to compile. */
export const resolveNothing: MappingResolver = () => undefined;

/**
 * Issue path of an object key below `base`: `a.b`, or `a["my key"]` for keys that need quoting.
 * @example
 * keyPath('fields', 'products'); // 'fields.products'
 * keyPath('fields', 'my key'); // 'fields["my key"]'
 */
export function keyPath(base: string, key: string): string {
  if (/^[^\s.[\]"']+$/u.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/**
 * Issue path of an array index below `base`.
 * @example
 * indexPath('fields.products.@arrayPath', 1); // 'fields.products.@arrayPath[1]'
 */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/**
 * True for objects built from `{}` / JSON (prototype Object.prototype or null), not arrays or class instances.
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Date()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short name for a value's type in messages: `string`, `array`, `null`, `object`, … */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Checks a directive's object argument: it must be a plain object, carry every `required` key
 * and no key outside `allowed`. Reports each problem at `at` and returns the object, or
 * undefined when it is not an object at all.
 */
export function readArgs(
  directive: string,
  arg: unknown,
  at: string,
  ctx: CompileContext,
  allowed: readonly string[],
  required: readonly string[],
): Record<string, unknown> | undefined {
  if (!isPlainObject(arg)) {
    ctx.issue(at, `${directive} expects an object with ${list(required.length > 0 ? required : allowed)}, got ${typeName(arg)}`);
    return undefined;
  }
  for (const key of Object.keys(arg)) {
    if (!allowed.includes(key)) ctx.issue(at, `${directive} does not take "${key}"; expected ${list(allowed)}`);
  }
  for (const key of required) {
    if (!Object.hasOwn(arg, key)) ctx.issue(at, `${directive} requires "${key}"`);
  }
  return arg;
}

function list(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
