import { InvalidInputError } from './errors.ts';
import type { DestinationTable } from './schema.ts';
import { nowIso } from './time.ts';
import type { Destination } from './types.ts';
import { checkBool, checkSlug, checkText } from './validate.ts';

/**
 * The columns every installed plugin instance shares (destinations and warehouses): which plugin,
 * its version, a name, on/off and the opaque (host-encrypted) settings text, with timestamps.
 */
export type PluginInstanceColumns = Omit<DestinationTable, 'id' | 'workspace_id' | 'source_id'>;

/** What a caller gives to install a plugin instance. */
export interface PluginInstanceInput {
  integration: string;
  pluginVersion: string;
  name: string;
  enabled?: boolean;
  settings?: string;
}

/** What a caller may change on an installed plugin instance. */
export interface PluginInstancePatch {
  name?: string;
  enabled?: boolean;
  settings?: string;
  pluginVersion?: string;
}

/** The same fields as an API object. */
export type PluginInstanceFields = Omit<Destination, 'id' | 'workspaceId' | 'sourceId'>;

function checkSettings(kind: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidInputError(`${kind}.settings must be a string (opaque, possibly encrypted)`);
  return value;
}

/**
 * Checks an install input and returns its columns; errors name the field as `<kind>.<field>`.
 *
 * @example
 * pluginInstanceColumns('destination', { integration: 'webhook', pluginVersion: '1.0.0', name: 'Hook' });
 * // { integration: 'webhook', plugin_version: '1.0.0', name: 'Hook', enabled: 1, settings: '{}', created_at: …, updated_at: … }
 */
export function pluginInstanceColumns(kind: string, input: PluginInstanceInput): PluginInstanceColumns {
  const now = nowIso();
  return {
    integration: checkSlug(`${kind}.integration`, input.integration),
    plugin_version: checkText(`${kind}.pluginVersion`, input.pluginVersion, 64),
    name: checkText(`${kind}.name`, input.name),
    enabled: checkBool(`${kind}.enabled`, input.enabled ?? true),
    settings: checkSettings(kind, input.settings ?? '{}'),
    created_at: now,
    updated_at: now,
  };
}

/**
 * Checks a patch and returns the columns to set (always `updated_at`).
 *
 * @example
 * pluginInstanceUpdate('warehouse', { enabled: false }); // { updated_at: …, enabled: 0 }
 */
export function pluginInstanceUpdate(kind: string, patch: PluginInstancePatch): Partial<PluginInstanceColumns> {
  const set: Partial<PluginInstanceColumns> = { updated_at: nowIso() };
  if (patch.name !== undefined) set.name = checkText(`${kind}.name`, patch.name);
  if (patch.enabled !== undefined) set.enabled = checkBool(`${kind}.enabled`, patch.enabled);
  if (patch.settings !== undefined) set.settings = checkSettings(kind, patch.settings);
  if (patch.pluginVersion !== undefined) set.plugin_version = checkText(`${kind}.pluginVersion`, patch.pluginVersion, 64);
  return set;
}

/**
 * The shared columns of a row as API fields.
 *
 * @example
 * const destination = { id: r.id, workspaceId: r.workspace_id, sourceId: r.source_id, ...pluginInstanceFields(r) };
 */
export function pluginInstanceFields(r: Omit<PluginInstanceColumns, 'enabled'> & { enabled: number | boolean }): PluginInstanceFields {
  return {
    integration: r.integration,
    pluginVersion: r.plugin_version,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    settings: r.settings,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
