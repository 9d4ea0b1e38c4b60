import { compileMapping, type FieldMapping, type MappingResolver } from '../mapping/index.ts';
import type { ActionDefinition } from './integration-types.ts';

/**
 * The mapping an action runs: each field's `default` mapping, overridden by `mapping`.
 *
 * @example
 * actionMapping(send, { data: { '@path': '$.properties' } }); // { data: { '@path': '$.properties' } }
 */
export function actionMapping(action: Pick<ActionDefinition, 'fields'>, mapping: Record<string, FieldMapping> = {}): Record<string, FieldMapping> {
  const merged: Record<string, FieldMapping> = {};
  const properties = ((action.fields as { properties?: unknown }).properties ?? {}) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(properties)) {
    if (typeof schema === 'object' && schema !== null && 'default' in schema) merged[key] = (schema as { default: FieldMapping }).default;
  }
  return { ...merged, ...mapping };
}

/**
 * Compiles the action's mapping once: `(event) => payload`. Throws `MappingError` when invalid.
 *
 * @example
 * const toPayload = compileActionMapping(send);
 * toPayload({ type: 'track', event: 'Signed Up' });
 */
export function compileActionMapping(action: Pick<ActionDefinition, 'fields'>, mapping?: Record<string, FieldMapping>): MappingResolver {
  return compileMapping(actionMapping(action, mapping));
}
