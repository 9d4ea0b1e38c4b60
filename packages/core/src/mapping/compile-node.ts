import { compileArrayPath, compileMerge } from './compile-collection-directives.ts';
import {
  type CompileContext,
  type DirectiveCompiler,
  indexPath,
  isPlainObject,
  keyPath,
  resolveNothing,
} from './compile-context.ts';
import { compileIf, compilePathDirective, compileTemplateDirective } from './compile-core-directives.ts';
import { compileCase, compileJson, compileReplace } from './compile-string-directives.ts';
import { compileLiteral } from './mapping-literal.ts';
import { MAPPING_DIRECTIVES, MAX_MAPPING_DEPTH, type MappingIssue, type MappingResolver } from './mapping-types.ts';

const MAX_NODES = 100_000;

const DIRECTIVES: Record<string, DirectiveCompiler> = {
  '@path': compilePathDirective,
  '@template': compileTemplateDirective,
  '@literal': compileLiteral,
  '@if': compileIf,
  '@arrayPath': compileArrayPath,
  '@merge': compileMerge,
  '@case': compileCase,
  '@replace': compileReplace,
  '@json': compileJson,
};

/**
 * Walks a mapping once, returning its resolver and every issue found (the resolver is only
 * meaningful when there are no issues). `basePath` prefixes the issue paths.
 * @example
 * const { resolver, issues } = compileWithIssues({ a: { '@path': '$.x' } }, 'fields');
 * issues; // []
 * resolver({ x: 1 }); // { a: 1 }
 */
export function compileWithIssues(
  mapping: unknown,
  basePath = '',
): { resolver: MappingResolver; issues: MappingIssue[] } {
  const issues: MappingIssue[] = [];
  let nodes = 0;
  const ctx: CompileContext = {
    issues,
    issue: (path, message) => {
      issues.push({ path, message });
    },
    tick: (path) => {
      nodes++;
      if (nodes === MAX_NODES + 1) ctx.issue(path, `mapping has more than ${MAX_NODES} nodes`);
      return nodes <= MAX_NODES;
    },
    child: (child, path, depth) => (ctx.tick(path) ? compileNode(child, path, depth + 1, ctx) : resolveNothing),
  };
  const resolver = ctx.child(mapping, basePath, -1);
  return { resolver, issues };
}

function compileNode(mapping: unknown, path: string, depth: number, ctx: CompileContext): MappingResolver {
  if (depth > MAX_MAPPING_DEPTH) {
    ctx.issue(path, `mapping nests deeper than ${MAX_MAPPING_DEPTH} levels`);
    return resolveNothing;
  }
  if (mapping === null || typeof mapping !== 'object') return compileScalar(mapping, path, ctx);
  if (Array.isArray(mapping)) {
    const items = mapping.map((item, i) => ctx.child(item, indexPath(path, i), depth));
    return (payload) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(payload);
        if (value !== undefined) out.push(value);
      }
      return out;
    };
  }
  if (!isPlainObject(mapping)) {
    ctx.issue(path, `unsupported value of type ${mapping.constructor?.name ?? 'object'}`);
    return resolveNothing;
  }
  const keys = Object.keys(mapping);
  const directives = keys.filter((k) => k.startsWith('@'));
  if (directives.length > 0) return compileDirective(mapping, keys, directives, path, depth, ctx);
  const entries: Array<[string, MappingResolver]> = [];
  for (const key of keys) {
    if (key === '__proto__') ctx.issue(path, 'forbidden key "__proto__"');
    else entries.push([key, ctx.child(mapping[key], keyPath(path, key), depth)]);
  }
  return (payload) => {
    const out: Record<string, unknown> = {};
    for (const [key, resolve] of entries) {
      const value = resolve(payload);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
}

function compileScalar(value: unknown, path: string, ctx: CompileContext): MappingResolver {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    ctx.issue(path, `${value} is not a JSON number`);
    return resolveNothing;
  }
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    ctx.issue(path, `unsupported value of type ${typeof value}`);
    return resolveNothing;
  }
  return () => value;
}

function compileDirective(
  mapping: Record<string, unknown>,
  keys: string[],
  directives: string[],
  path: string,
  depth: number,
  ctx: CompileContext,
): MappingResolver {
  if (directives.length > 1) {
    ctx.issue(path, `an object may hold only one directive, found ${quote(directives)}`);
    return resolveNothing;
  }
  const name = directives[0]!;
  if (keys.length > 1) {
    const others = keys.filter((k) => k !== name);
    ctx.issue(path, `directive "${name}" cannot be mixed with other keys (${quote(others)}); nest it under a key instead`);
    return resolveNothing;
  }
  const compile = Object.hasOwn(DIRECTIVES, name) ? DIRECTIVES[name] : undefined;
  if (compile === undefined) {
    ctx.issue(path, `unknown directive "${name}"; expected one of ${MAPPING_DIRECTIVES.join(', ')}`);
    return resolveNothing;
  }
  return compile(mapping[name], keyPath(path, name), depth + 1, ctx);
}

function quote(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
