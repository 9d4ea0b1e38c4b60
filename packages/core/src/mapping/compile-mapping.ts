import { compileWithIssues } from './compile-node.ts';
import { MappingError } from './mapping-error.ts';
import type { FieldMapping, MappingResolver } from './mapping-types.ts';

/**
 * Options for {@link compileMapping} and `validateMapping`.
 * @example
 * validateMapping(mapping, { basePath: 'fields' }); // issue paths start with "fields"
 */
export type MappingOptions = {
  /** Prefix for issue paths, e.g. `"fields"` or `"fields.products"`; default "" (the root). */
  basePath?: string;
};

/**
 * Compiles a mapping once into a resolver (paths pre-split, templates pre-tokenised); call the
 * resolver for each payload. Objects drop keys whose value resolves to undefined.
 * @throws MappingError listing every issue when the mapping is invalid.
 * @example
 * const map = compileMapping({
 *   revenue: { '@path': '$.properties.revenue' },
 *   greeting: { '@template': 'Hello {{traits.name}}' },
 *   missing: { '@path': '$.nope' },
 * });
 * map({ properties: { revenue: 9.5 }, traits: { name: 'Ada' } });
 * // { revenue: 9.5, greeting: 'Hello Ada' }
 */
export function compileMapping(mapping: FieldMapping, options: MappingOptions = {}): MappingResolver {
  const { resolver, issues } = compileWithIssues(mapping, options.basePath ?? '');
  if (issues.length > 0) throw new MappingError(issues);
  return resolver;
}

/**
 * Compiles and applies a mapping in one go. Prefer {@link compileMapping} when the same mapping
 * is applied to many payloads.
 * @throws MappingError when the mapping is invalid.
 * @example
 * resolveMapping({ '@path': '$.properties["my key"]' }, { properties: { 'my key': 1 } }); // 1
 */
export function resolveMapping(mapping: FieldMapping, payload: unknown, options: MappingOptions = {}): unknown {
  return compileMapping(mapping, options)(payload);
}
