/**
 * Prototype-safe deep merge of plain JSON objects, used to fold a batch's top-level `context` /
 * `integrations` into each item.
 */

/**
 * Whether a value is a non-null, non-array object.
 *
 * @example
 * isPlainObject({}); // true
 * isPlainObject([]); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `own` over `base` into a new object: keys present in both as plain objects merge
 * recursively, otherwise `own` wins; arrays and scalars are replaced, not merged. Non-objects count
 * as `{}`. `__proto__` keys are dropped and only own keys are read, so no input can reach
 * `Object.prototype`. Inputs are not modified (unmerged nested values are shared, not copied).
 *
 * @example
 * mergeObjects({ device: { type: 'phone' }, ip: '1.2.3.4' }, { device: { name: 'iPhone' } });
 * // { device: { type: 'phone', name: 'iPhone' }, ip: '1.2.3.4' }
 */
export function mergeObjects(base: unknown, own: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of [base, own]) {
    if (!isPlainObject(source)) continue;
    for (const key in source) {
      // Own keys only, as Object.keys lists them, without allocating its array.
      if (!Object.hasOwn(source, key) || key === '__proto__') continue;
      const value = source[key];
      const current = Object.hasOwn(out, key) ? out[key] : undefined;
      out[key] = isPlainObject(value) && isPlainObject(current) ? mergeObjects(current, value) : value;
    }
  }
  return out;
}
