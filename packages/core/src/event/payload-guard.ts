/**
 * A pre-validation walk over an incoming payload: refuses `__proto__` keys at any depth (a
 * JSON.parse'd `__proto__` is an own key that turns into prototype pollution as soon as some
 * consumer copies it with assignment) and nesting deeper than `MAX_NESTING_DEPTH` (which also
 * stops cycles). Iterative, so hostile nesting cannot overflow the stack.
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
