import type { MappingOptions } from './compile-mapping.ts';
import { compileWithIssues } from './compile-node.ts';
import type { MappingIssue } from './mapping-types.ts';

/**
 * Lists every problem in a mapping without throwing: unknown directives, wrong argument shapes,
 * bad path syntax, directives mixed with other keys, unterminated templates, forbidden keys,
 * non-JSON values, excessive nesting. An empty array means the mapping compiles.
 * @example
 * validateMapping({ products: { '@arrayPath': ['$.products', { sku: { '@path': '$..id' } }] } }, { basePath: 'fields' });
 * // [{ path: 'fields.products.@arrayPath[1].sku.@path',
 * //    message: 'bad path "$..id": expected a key after "." at position 2' }]
 */
export function validateMapping(mapping: unknown, options: MappingOptions = {}): MappingIssue[] {
  return compileWithIssues(mapping, options.basePath ?? '').issues;
}
