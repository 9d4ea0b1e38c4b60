import type { AnyIntegrationDefinition } from '@junction/core';
import type { Destination } from '@junction/store';
import { type DestinationMetadata, destinationMetadata, failedMetadata } from '../catalog/index.ts';
import type { ResolvedDeps } from './admin-deps.ts';

/**
 * Segment's DestinationMetadataV1 built from Junction's catalog entry (fields Junction has no
 * notion of get neutral values; Junction's extras such as `version` and `settingsSchema` stay).
 *
 * @example
 * toMetadataV1(destinationMetadata(webhook)).actions[0].platform; // 'CLOUD'
 */
export function toMetadataV1(meta: DestinationMetadata): Record<string, unknown> {
  return {
    ...meta,
    previousNames: [],
    components: [],
    supportedFeatures: { cloudModeInstances: '0', deviceModeInstances: '0', replay: false, browserUnbundling: false, browserUnbundlingPublic: false },
    supportedRegions: ['self-hosted'],
    regionEndpoints: [],
    actions: meta.actions.map((a) => ({
      id: a.id,
      slug: a.id,
      name: a.name,
      description: a.description,
      platform: 'CLOUD',
      hidden: false,
      defaultTrigger: a.defaultTrigger,
      fields: a.fields.map((f, i) => ({
        id: `${a.id}.${f.fieldKey}`,
        sortOrder: i,
        fieldKey: f.fieldKey,
        label: f.label,
        type: f.type.toUpperCase(),
        description: f.description ?? '',
        defaultValue: f.defaultValue,
        required: f.required,
        multiple: f.multiple,
        choices: f.choices ?? null,
        dynamic: false,
        allowNull: false,
      })),
    })),
  };
}

/**
 * The integration definition a destination runs (its pinned version), or undefined when the
 * plugin cannot be loaded any more.
 *
 * @example
 * const def = await definitionOf(deps, destination);
 */
export async function definitionOf(deps: Pick<ResolvedDeps, 'catalog'>, d: Pick<Destination, 'integration' | 'pluginVersion'>): Promise<AnyIntegrationDefinition | undefined> {
  try {
    return await deps.catalog.loader.resolveIntegration(d.integration, d.pluginVersion);
  } catch {
    return undefined;
  }
}

/**
 * Segment's DestinationV1 for a stored destination: settings with secrets redacted (an
 * unloadable plugin's settings are withheld entirely, since its secrets cannot be told apart).
 *
 * @example
 * const view = await destinationView(deps, destination); // view.settings.sharedSecret === '••••abcd'
 */
export async function destinationView(deps: ResolvedDeps, d: Destination): Promise<Record<string, unknown>> {
  const def = await definitionOf(deps, d);
  const meta = def
    ? destinationMetadata(def)
    : failedMetadata({ slug: d.integration, packageName: d.integration, version: d.pluginVersion, reason: 'plugin could not be loaded' });
  let settings: Record<string, unknown> = {};
  if (def) {
    try {
      settings = deps.cipher.redacted(def.settings, d.settings);
    } catch {
      settings = {};
    }
  }
  return { id: d.id, name: d.name, enabled: d.enabled, metadata: toMetadataV1(meta), sourceId: d.sourceId, settings };
}
