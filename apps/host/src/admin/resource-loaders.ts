import type { Destination, Source } from '@junction/store';
import { ApiError } from './api-error.ts';
import type { RouteContext } from './route-types.ts';

/**
 * The source `id` of the caller's workspace, checked against the route's permission; 404 when it
 * does not exist or belongs to another workspace.
 *
 * @example
 * const source = await loadSource(ctx, ctx.param('sourceId'));
 */
export async function loadSource(ctx: RouteContext, id: string): Promise<Source> {
  const source = await ctx.deps.store.sources.get(id);
  if (!source || source.workspaceId !== ctx.principal.workspaceId) throw new ApiError(404, `source "${id}" not found`);
  const labels = (await ctx.deps.admin.labels.forResources('source', [id])).get(id) ?? [];
  ctx.require({ type: 'source', id, workspaceId: source.workspaceId, labels });
  return source;
}

/**
 * The destination `id` of the caller's workspace, checked against the route's permission (on the
 * destination and its source's labels); 404 when absent or of another workspace.
 *
 * @example
 * const destination = await loadDestination(ctx, ctx.param('destinationId'));
 */
export async function loadDestination(ctx: RouteContext, id: string): Promise<Destination> {
  const destination = await ctx.deps.store.destinations.get(id);
  if (!destination || destination.workspaceId !== ctx.principal.workspaceId) throw new ApiError(404, `destination "${id}" not found`);
  const labels = (await ctx.deps.admin.labels.forResources('source', [destination.sourceId])).get(destination.sourceId) ?? [];
  ctx.require({ type: 'destination', id, workspaceId: destination.workspaceId, labels });
  return destination;
}
