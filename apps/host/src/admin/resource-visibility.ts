import type { Destination, Source } from '@junction/store';
import { authorize, grantsOf, type Permission, ROLES, type RoleDef } from './permissions.ts';
import type { RouteContext } from './route-types.ts';

/** True when one grant on the whole workspace holds `permission` (then every resource is visible). */
function wholeWorkspace(ctx: RouteContext, permission: Permission): boolean {
  return grantsOf(ctx.principal).some(({ roleId, scope }) => scope.kind === 'workspace' && (ROLES[roleId] as RoleDef).permissions.includes(permission));
}

/**
 * The items of a list the principal may see with `permission` (a scoped read permission): all of
 * them with a grant on the whole workspace, else those in the scope of its grants by id or label
 * (a destination through its source, as `loadDestination` checks it). Filter before paginating,
 * so `totalEntries` counts what the principal sees.
 *
 * @example
 * const sources = await visibleTo(ctx, 'source:read:scoped', 'source', all, (s) => s.id);
 */
export async function visibleTo<T extends Source | Destination>(ctx: RouteContext, permission: Permission, type: 'source' | 'destination', items: readonly T[], sourceIdOf: (item: T) => string): Promise<T[]> {
  if (wholeWorkspace(ctx, permission)) return [...items];
  const labels = await ctx.deps.admin.labels.forResources('source', [...new Set(items.map(sourceIdOf))]);
  const { workspaceId } = ctx.principal;
  return items.filter((item) => authorize(ctx.principal, permission, { type, id: item.id, workspaceId, labels: labels.get(sourceIdOf(item)) ?? [] }));
}
