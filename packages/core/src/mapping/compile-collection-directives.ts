import { type CompileContext, indexPath, readArgs, resolveNothing, typeName } from './compile-context.ts';
import { compilePathArg } from './compile-core-directives.ts';
import type { MappingResolver } from './mapping-types.ts';

/**
 * `@arrayPath`: `[source, itemShape?]`. `source` is a path string or any mapping. The result is
 * always an array or undefined: an array source is used as-is, undefined/null gives undefined,
 * any other value is wrapped as a one-item array. With `itemShape`, each item is resolved with
 * the shape (paths inside it are relative to the item) and undefined results are dropped.
 * @example
 * const r = compileArrayPath(['$.items', { sku: { '@path': '$.id' } }], '@arrayPath', 1, ctx);
 * r({ items: [{ id: 'a' }, { id: 'b' }] }); // [{ sku: 'a' }, { sku: 'b' }]
 */
export function compileArrayPath(arg: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  if (!Array.isArray(arg) || arg.length < 1 || arg.length > 2) {
    const got = Array.isArray(arg) ? `an array of ${arg.length}` : typeName(arg);
    ctx.issue(at, `@arrayPath expects [sourcePath] or [sourcePath, itemShape], got ${got}`);
    return resolveNothing;
  }
  const source =
    typeof arg[0] === 'string'
      ? compilePathArg('@arrayPath', arg[0], indexPath(at, 0), ctx)
      : ctx.child(arg[0], indexPath(at, 0), depth);
  const shape = arg.length === 2 ? ctx.child(arg[1], indexPath(at, 1), depth) : undefined;
  return (payload) => {
    const root = source(payload);
    if (root === undefined || root === null) return undefined;
    const items = Array.isArray(root) ? root : [root];
    if (shape === undefined) return Array.isArray(root) ? root : items;
    const out: unknown[] = [];
    for (const item of items) {
      const value = shape(item);
      if (value !== undefined) out.push(value);
    }
    return out;
  };
}

/**
 * `@merge`: `{ objects: [m1, m2, …], direction: "right" | "left" }`. Shallow merge into a new
 * object: with `right` later objects win, with `left` earlier ones win. Values that do not
 * resolve to plain objects are skipped, as are undefined values and `__proto__` keys.
 * @example
 * const r = compileMerge({ objects: [{ a: 1, b: 1 }, { b: 2 }], direction: 'right' }, '@merge', 1, ctx);
 * r({}); // { a: 1, b: 2 }
 */
export function compileMerge(arg: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  const args = readArgs('@merge', arg, at, ctx, ['objects', 'direction'], ['objects', 'direction']);
  if (args === undefined) return resolveNothing;
  const { objects, direction } = args;
  if (Object.hasOwn(args, 'direction') && direction !== 'left' && direction !== 'right') {
    ctx.issue(at, `@merge "direction" must be "left" or "right", got ${JSON.stringify(direction) ?? typeName(direction)}`);
  }
  if (Object.hasOwn(args, 'objects') && (!Array.isArray(objects) || objects.length === 0)) {
    ctx.issue(at, `@merge "objects" must be a non-empty array of mappings, got ${Array.isArray(objects) ? 'an empty array' : typeName(objects)}`);
  }
  if (!Array.isArray(objects)) return resolveNothing;
  const resolvers = objects.map((o, i) => ctx.child(o, indexPath(`${at}.objects`, i), depth));
  // Apply in overwrite order: the last one applied wins.
  if (direction === 'left') resolvers.reverse();
  return (payload) => {
    const out: Record<string, unknown> = {};
    for (const resolve of resolvers) {
      const value = resolve(payload);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      for (const [key, item] of Object.entries(value)) {
        if (key !== '__proto__' && item !== undefined) out[key] = item;
      }
    }
    return out;
  };
}
