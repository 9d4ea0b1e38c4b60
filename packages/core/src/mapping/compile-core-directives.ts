import { type CompileContext, readArgs, resolveNothing, typeName } from './compile-context.ts';
import { compileMappingPath, parseMappingPath } from './mapping-path.ts';
import { compileMappingTemplate, parseMappingTemplate } from './mapping-template.ts';
import type { MappingResolver } from './mapping-types.ts';

/**
 * `@path`: a string path, parsed once into a getter.
 * @example
 * compilePathDirective('$.a.b', '@path', 1, ctx)({ a: { b: 2 } }); // 2
 */
export function compilePathDirective(arg: unknown, at: string, _depth: number, ctx: CompileContext): MappingResolver {
  return compilePathArg('@path', arg, at, ctx);
}

/**
 * Parses a path argument, reporting `@path expects a string path` / `bad path "…": …` at `at`.
 * @example
 * compilePathArg('@arrayPath', '$.list', '@arrayPath[0]', ctx)({ list: [1] }); // [1]
 */
export function compilePathArg(directive: string, arg: unknown, at: string, ctx: CompileContext): MappingResolver {
  if (typeof arg !== 'string') {
    ctx.issue(at, `${directive} expects a string path, got ${typeName(arg)}`);
    return resolveNothing;
  }
  const parsed = parseMappingPath(arg);
  if (!parsed.ok) {
    ctx.issue(at, `bad path ${JSON.stringify(arg)}: ${parsed.message}`);
    return resolveNothing;
  }
  return compileMappingPath(parsed.segments);
}

/**
 * `@template`: a string with `{{path}}` placeholders, tokenised once.
 * @example
 * compileTemplateDirective('Hi {{name}}', '@template', 1, ctx)({ name: 'Ada' }); // 'Hi Ada'
 */
export function compileTemplateDirective(
  arg: unknown,
  at: string,
  _depth: number,
  ctx: CompileContext,
): MappingResolver {
  if (typeof arg !== 'string') {
    ctx.issue(at, `@template expects a string, got ${typeName(arg)}`);
    return resolveNothing;
  }
  const parsed = parseMappingTemplate(arg);
  if (!parsed.ok) {
    ctx.issue(at, `bad template: ${parsed.message}`);
    return resolveNothing;
  }
  return compileMappingTemplate(parsed.parts);
}

/**
 * `@if`: `{ exists | blank, then?, else? }`. `exists` holds for anything but undefined/null;
 * `blank` holds for anything but undefined/null/"". A missing branch resolves to undefined.
 * @example
 * compileIf({ exists: { '@path': '$.a' }, then: 'y', else: 'n' }, '@if', 1, ctx)({}); // 'n'
 */
export function compileIf(arg: unknown, at: string, depth: number, ctx: CompileContext): MappingResolver {
  const args = readArgs('@if', arg, at, ctx, ['exists', 'blank', 'then', 'else'], []);
  if (args === undefined) return resolveNothing;
  const hasExists = Object.hasOwn(args, 'exists');
  const hasBlank = Object.hasOwn(args, 'blank');
  if (hasExists && hasBlank) ctx.issue(at, '@if takes either "exists" or "blank", not both');
  if (!hasExists && !hasBlank) ctx.issue(at, '@if requires an "exists" or a "blank" condition');
  if (!Object.hasOwn(args, 'then') && !Object.hasOwn(args, 'else')) {
    ctx.issue(at, '@if requires a "then" or an "else" branch');
  }
  const conditionKey = hasBlank ? 'blank' : 'exists';
  const condition = ctx.child(args[conditionKey], `${at}.${conditionKey}`, depth);
  const then = Object.hasOwn(args, 'then') ? ctx.child(args.then, `${at}.then`, depth) : resolveNothing;
  const otherwise = Object.hasOwn(args, 'else') ? ctx.child(args.else, `${at}.else`, depth) : resolveNothing;
  if (conditionKey === 'blank') {
    return (payload) => {
      const value = condition(payload);
      return value !== undefined && value !== null && value !== '' ? then(payload) : otherwise(payload);
    };
  }
  return (payload) => {
    const value = condition(payload);
    return value !== undefined && value !== null ? then(payload) : otherwise(payload);
  };
}
