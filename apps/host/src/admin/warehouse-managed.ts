import type { AnyIntegrationDefinition } from '@junction/core';
import type { Destination, Source, Warehouse, WarehouseConnection } from '@junction/store';
import type { ResolvedDeps } from './admin-deps.ts';
import { ApiError } from './api-error.ts';
import { warehousesOf } from './warehouse-view.ts';

/**
 * The name of the managed destination loading one source into a warehouse: the warehouse's name
 * marked `(warehouse)`, which is how ordinary destination lists tell them apart.
 *
 * @example
 * managedDestinationName({ name: 'Analytics' }); // 'Analytics (warehouse)'
 */
export function managedDestinationName(w: Pick<Warehouse, 'name'>): string {
  return `${w.name} (warehouse)`;
}

/**
 * Connects a source: creates the managed destination (the warehouse's integration, pinned version,
 * sealed settings and enabled flag) with the integration's presets as subscriptions, then records
 * the connection. The engine delivers through that destination unchanged. When the connection
 * cannot be recorded (already connected: 409), the destination just created is removed again.
 *
 * @example
 * const connection = await connectSource(ctx.deps, warehouse, source, def);
 */
export async function connectSource(deps: ResolvedDeps, w: Warehouse, source: Source, def: AnyIntegrationDefinition): Promise<WarehouseConnection> {
  const destination = await deps.store.destinations.create({
    sourceId: source.id,
    integration: w.integration,
    pluginVersion: w.pluginVersion,
    name: managedDestinationName(w),
    enabled: w.enabled,
    settings: w.settings,
  });
  try {
    for (const preset of def.presets ?? []) {
      await deps.delivery.createSubscription({ destinationId: destination.id, actionId: preset.actionId, name: preset.name, trigger: preset.trigger, mapping: { ...(preset.mapping ?? {}) } });
    }
    return await warehousesOf(deps).connect({ warehouseId: w.id, sourceId: source.id, destinationId: destination.id });
  } catch (error) {
    await deps.store.destinations.delete(destination.id);
    throw error;
  }
}

/**
 * Copies a warehouse's name, enabled flag and sealed settings onto its managed destinations (after
 * an update), so the engine picks the change up at its next configuration refresh.
 *
 * @example
 * await syncManagedDestinations(ctx.deps, updated);
 */
export async function syncManagedDestinations(deps: ResolvedDeps, w: Warehouse): Promise<void> {
  for (const c of await warehousesOf(deps).connections({ warehouseId: w.id })) {
    await deps.store.destinations.update(c.destinationId, { name: managedDestinationName(w), enabled: w.enabled, settings: w.settings });
  }
}

/**
 * Deletes the managed destinations of connections (their subscriptions, cursors and queues go with
 * them); the connection rows cascade.
 *
 * @example
 * await dropManagedDestinations(ctx.deps, await warehousesOf(ctx.deps).connections({ warehouseId }));
 */
export async function dropManagedDestinations(deps: ResolvedDeps, connections: readonly WarehouseConnection[]): Promise<void> {
  for (const c of connections) await deps.store.destinations.delete(c.destinationId);
}

/**
 * Drops the managed destinations from a list: they are managed through `/warehouses`, so the
 * destinations lists (`GET /destinations`, a source's connected destinations) do not show them.
 * One query per call.
 *
 * @example
 * const shown = await withoutManaged(ctx.deps, ctx.principal.workspaceId, await ctx.deps.store.destinations.list({ workspaceId }));
 */
export async function withoutManaged<T extends Pick<Destination, 'id'>>(deps: Pick<ResolvedDeps, 'store'>, workspaceId: string, destinations: readonly T[]): Promise<T[]> {
  if (destinations.length === 0) return [];
  const managed = await warehousesOf(deps).managedDestinationIds(workspaceId);
  return destinations.filter((d) => !managed.has(d.id));
}

/**
 * Refuses a direct change of a managed destination with a 409 naming its warehouse (a change
 * there would be overwritten by the next warehouse update, and deleting it would silently
 * disconnect the source). Resolves when the destination is not managed.
 *
 * @example
 * await refuseManaged(ctx.deps, destination); // 409 "… managed by warehouse "Analytics" (wh_1); change it through /warehouses/wh_1"
 */
export async function refuseManaged(deps: Pick<ResolvedDeps, 'store'>, destination: Pick<Destination, 'id' | 'sourceId'>): Promise<void> {
  const repo = warehousesOf(deps);
  const connection = (await repo.connections({ sourceId: destination.sourceId })).find((c) => c.destinationId === destination.id);
  if (!connection) return;
  const warehouse = await repo.get(connection.warehouseId);
  const name = warehouse ? `"${warehouse.name}" (${connection.warehouseId})` : `"${connection.warehouseId}"`;
  throw new ApiError(409, `destination "${destination.id}" is managed by warehouse ${name}; change it through /warehouses/${connection.warehouseId}`);
}
