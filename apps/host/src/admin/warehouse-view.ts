import type { AnyIntegrationDefinition } from '@junction/core';
import { type Warehouse, type WarehouseRepo, warehouseRepo } from '@junction/store';
import { type DestinationMetadata, destinationMetadata, failedMetadata } from '../catalog/index.ts';
import type { ResolvedDeps } from './admin-deps.ts';
import { ApiError } from './api-error.ts';
import { definitionOf } from './destination-view.ts';
import type { RouteContext } from './route-types.ts';

/**
 * Segment's WarehouseMetadataV1 (id, name, slug, description, logos, options) of a catalog entry.
 *
 * @example
 * warehouseMetadataView(destinationMetadata(postgresWarehouse)).slug; // 'postgres-warehouse'
 */
export function warehouseMetadataView(meta: DestinationMetadata): Record<string, unknown> {
  return { id: meta.id, name: meta.name, slug: meta.slug, description: meta.description, logos: meta.logos, options: meta.options };
}

/**
 * True when a catalog entry belongs to the Warehouses category (what a warehouse's metadataId must name).
 *
 * @example
 * isWarehouseEntry({ categories: ['Warehouses'] }); // true
 */
export function isWarehouseEntry(meta: Pick<DestinationMetadata, 'categories'>): boolean {
  return meta.categories.some((c) => /warehouse/i.test(c));
}

/**
 * The warehouse repository over the admin API's store.
 *
 * @example
 * const w = await warehousesOf(ctx.deps).get(id);
 */
export function warehousesOf(deps: Pick<ResolvedDeps, 'store'>): WarehouseRepo {
  return warehouseRepo(deps.store.db);
}

/**
 * Segment's WarehouseV1 for a stored warehouse (plus `name`): settings with secrets redacted
 * (`••••1234`) by the host's settings cipher; withheld entirely when the plugin cannot be loaded.
 *
 * @example
 * const view = await warehouseView(deps, warehouse); // view.settings.password === '••••9xyz'
 */
export async function warehouseView(deps: ResolvedDeps, w: Warehouse): Promise<Record<string, unknown>> {
  const def = await definitionOf(deps, w);
  const meta = def ? destinationMetadata(def) : failedMetadata({ slug: w.integration, packageName: w.integration, version: w.pluginVersion, reason: 'plugin could not be loaded' });
  let settings: Record<string, unknown> = {};
  if (def) {
    try {
      settings = deps.cipher.redacted(def.settings, w.settings);
    } catch {
      settings = {};
    }
  }
  return { id: w.id, name: w.name, metadata: warehouseMetadataView(meta), workspaceId: w.workspaceId, enabled: w.enabled, settings };
}

/**
 * The warehouse `id` of the caller's workspace; 404 when absent or of another workspace.
 *
 * @example
 * const warehouse = await loadWarehouse(ctx, ctx.param('warehouseId'));
 */
export async function loadWarehouse(ctx: RouteContext, id: string): Promise<Warehouse> {
  const w = await warehousesOf(ctx.deps).get(id);
  if (!w || w.workspaceId !== ctx.principal.workspaceId) throw new ApiError(404, `warehouse "${id}" not found`);
  return w;
}

/**
 * The integration a warehouse runs (its pinned version); 422 naming `settings` when it cannot be loaded.
 *
 * @example
 * const def = await warehouseDefinition(ctx.deps, warehouse);
 */
export async function warehouseDefinition(deps: ResolvedDeps, w: Warehouse): Promise<AnyIntegrationDefinition> {
  const def = await definitionOf(deps, w);
  if (!def) throw new ApiError(422, `settings: plugin "${w.integration}@${w.pluginVersion}" cannot be loaded, so the warehouse's settings cannot be used`, 'settings');
  return def;
}
