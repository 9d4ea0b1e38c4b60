import { type CompileContext, indexPath, isPlainObject, keyPath, resolveNothing } from './compile-context.ts';
import { MAX_MAPPING_DEPTH, type MappingResolver } from './mapping-types.ts';

/**
 * Compiles a `@literal` value: checks it is JSON (no functions, class instances, non-finite
 * numbers or `__proto__` keys; nested at most MAX_MAPPING_DEPTH deep) and returns a resolver
 * handing out a fresh copy on each call, so callers may mutate results freely.
 * @example
 * const r = compileLiteral({ '@path': 'kept as-is' }, '@literal', 0, ctx);
 * r(undefined); // { '@path': 'kept as-is' }
 */
export function compileLiteral(value: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  if (!checkJson(value, at, depth, ctx)) return resolveNothing;
  if (value === null || typeof value !== 'object') return () => value;
  return () => cloneJson(value);
}

function checkJson(value: unknown, at: string, depth: number, ctx: CompileContext): boolean {
  if (depth > MAX_MAPPING_DEPTH) {
    ctx.issue(at, `mapping nests deeper than ${MAX_MAPPING_DEPTH} levels`);
    return false;
  }
  if (!ctx.tick(at)) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || value === undefined) return true;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return true;
    ctx.issue(at, `${value} is not a JSON number`);
    return false;
  }
  if (Array.isArray(value)) {
    return value.every((item, i) => checkJson(item, indexPath(at, i), depth + 1, ctx));
  }
  if (isPlainObject(value)) {
    let ok = true;
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') {
        ctx.issue(at, 'forbidden key "__proto__"');
        ok = false;
      } else if (!checkJson(item, keyPath(at, key), depth + 1, ctx)) {
        ok = false;
      }
    }
    return ok;
  }
  ctx.issue(at, `unsupported value of type ${describe(value)}`);
  return false;
}

function cloneJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = cloneJson(item);
  return out;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}
