/**
 * A pre-validation walk over an incoming payload: refuses `__proto__` keys at any depth (a
 * JSON.parse'd `__proto__` is an own key that turns into prototype pollution as soon as some
 * consumer copies it with assignment) and nesting deeper than `MAX_NESTING_DEPTH` (which also
 * stops cycles). A first recursive walk (`payloadBound`) allocates no paths and, in the same pass,
 * bounds the JSON size; only when it finds a problem does the iterative walk (`scanPayload`) run to
 * name every path, so hostile nesting cannot overflow the stack.
 */
import type { EventValidationIssue } from './ingest-discard-reasons.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';

/**
 * Keys refused anywhere in an event. `constructor` / `prototype` stay legal: they are plain data
 * (a Formula 1 app may well track a "constructor"), and Junction's own merges never assign through them.
 *
 * @example
 * EVENT_FORBIDDEN_KEYS.includes('__proto__'); // true
 */
export const EVENT_FORBIDDEN_KEYS: readonly string[] = ['__proto__'];
const FORBIDDEN: ReadonlySet<string> = new Set(EVENT_FORBIDDEN_KEYS);

/** At most this many forbidden-key issues are reported per payload. */
const MAX_KEY_ISSUES = 20;

/**
 * Joins dotted path segments (`""` + `"context"` → `"context"`).
 *
 * @example
 * joinPath('context', 'traits'); // 'context.traits'
 */
export function joinPath(base: string, segment: string | number): string {
  return base === '' ? String(segment) : `${base}.${segment}`;
}

/** Deepest `maxDepth` walked recursively; deeper limits go straight to the iterative full walk. */
export const MAX_RECURSIVE_DEPTH = 256;

/** Returned by `payloadBound` when the payload has a forbidden key or nests too deep. */
export const PAYLOAD_HAS_ISSUES = -1;

/** UTF-8 bytes one UTF-16 unit can take in JSON text, at most (`\u001f`, a lone surrogate `\udc00`). */
const BYTES_PER_UNIT = 6;
/** Longest `JSON.stringify` of a finite number (`-1.7976931348623157e+308`). */
const NUMBER_BYTES = 24;

function walk(node: unknown, depth: number, maxDepth: number): number {
  switch (typeof node) {
    case 'string':
      return node.length * BYTES_PER_UNIT + 2;
    case 'number':
      return NUMBER_BYTES;
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return 5; // `false`; `null` where stringify writes one
    case 'object':
      break;
    default:
      return Number.POSITIVE_INFINITY; // bigint, function: JSON.stringify may throw or call toJSON
  }
  if (node === null) return 4;
  if (depth > maxDepth) return PAYLOAD_HAS_ISSUES;
  const proto = Object.getPrototypeOf(node);
  let bytes = 2;
  if (Array.isArray(node)) {
    if (proto !== Array.prototype) bytes = Number.POSITIVE_INFINITY;
    for (let i = 0; i < node.length; i++) {
      const child = walk(node[i], depth + 1, maxDepth);
      if (child < 0) return PAYLOAD_HAS_ISSUES;
      bytes += child + 1;
    }
    return bytes;
  }
  // A Date, a Map, a class instance: JSON.stringify may call toJSON, so there is no bound to give.
  if (proto !== Object.prototype && proto !== null) bytes = Number.POSITIVE_INFINITY;
  const record = node as Record<string, unknown>;
  // for-in visits the own keys (what Object.keys lists) plus any enumerable inherited ones: a clean
  // walk over that superset is a clean walk over the own keys, and it allocates no key array.
  for (const key in record) {
    if (FORBIDDEN.has(key)) return PAYLOAD_HAS_ISSUES;
    const child = walk(record[key], depth + 1, maxDepth);
    if (child < 0) return PAYLOAD_HAS_ISSUES;
    bytes += key.length * BYTES_PER_UNIT + 4 + child;
  }
  return bytes;
}

/**
 * Walks `value` once: `PAYLOAD_HAS_ISSUES` (-1) when it holds a forbidden key or an object/array
 * nested deeper than `maxDepth` (what `scanPayload` would report), else an upper bound of the
 * UTF-8 byte length of `JSON.stringify(value)` (`Infinity` when no bound can be given, e.g. the
 * payload holds a Date, a BigInt or a function, or `Object.prototype` has a `toJSON`).
 *
 * @example
 * payloadBound({ a: 'é' }, 64) >= Buffer.byteLength(JSON.stringify({ a: 'é' })); // true
 * payloadBound(JSON.parse('{"x":{"__proto__":1}}'), 64); // -1
 */
export function payloadBound(value: unknown, maxDepth: number): number {
  if (maxDepth > MAX_RECURSIVE_DEPTH) throw new RangeError(`payloadBound: maxDepth must be at most ${MAX_RECURSIVE_DEPTH}`);
  const bound = walk(value, 1, maxDepth);
  if (bound < 0) return bound;
  const inheritedToJson =
    (Object.prototype as { toJSON?: unknown }).toJSON !== undefined || (Array.prototype as { toJSON?: unknown }).toJSON !== undefined;
  return inheritedToJson ? Number.POSITIVE_INFINITY : bound;
}

/**
 * Walks `value` and returns issues for forbidden keys and excessive nesting (paths dotted from
 * the payload root, messages prefixed with `label`).
 *
 * @example
 * scanPayload(JSON.parse('{"properties":{"__proto__":{"x":1}}}'), 'track');
 * // [{ path: 'properties.__proto__', reason: 'forbidden_key',
 * //    message: 'track: "properties.__proto__" is a forbidden key' }]
 */
export function scanPayload(value: unknown, label: string, maxDepth: number = MAX_NESTING_DEPTH): EventValidationIssue[] {
  if (maxDepth <= MAX_RECURSIVE_DEPTH && walk(value, 1, maxDepth) >= 0) return [];
  return collectPayloadIssues(value, label, maxDepth);
}

/**
 * `scanPayload` without the quick pass: the iterative walk that names every problem (the
 * reference the quick pass is tested against).
 *
 * @example
 * collectPayloadIssues({ a: 1 }, 'track'); // []
 */
export function collectPayloadIssues(value: unknown, label: string, maxDepth: number = MAX_NESTING_DEPTH): EventValidationIssue[] {
  const issues: EventValidationIssue[] = [];
  let keyIssues = 0;
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: value, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) {
      issues.push({
        path,
        message: `${label}: "${path}" is nested deeper than ${maxDepth} levels`,
        reason: 'too_deeply_nested',
      });
      return issues;
    }
    const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
    for (const key of keys) {
      const childPath = joinPath(path, key);
      if (typeof key === 'string' && EVENT_FORBIDDEN_KEYS.includes(key)) {
        if (keyIssues++ < MAX_KEY_ISSUES) {
          issues.push({ path: childPath, message: `${label}: "${childPath}" is a forbidden key`, reason: 'forbidden_key' });
        }
        continue;
      }
      stack.push({ node: (node as Record<string | number, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
  return issues;
}
