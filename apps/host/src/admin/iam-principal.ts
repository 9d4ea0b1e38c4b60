import type { Store } from '@junction/store';
import { openIamStore } from '@junction/store';
import { ApiError } from './api-error.ts';
import { toGrants } from './auth.ts';
import type { Principal } from './permissions.ts';

/** Plans on which roles apply; on the others every member is a Workspace Owner (as in Segment). */
export const PLANS_WITH_ROLES: readonly string[] = ['business'];

/**
 * The principal of a signed-in user acting in a workspace (for the console's sessions): on the
 * Business plan their own grants plus their groups'; on Free and Team every member is a Workspace
 * Owner. 404 when the user is not a member of the workspace (nothing of it is reachable).
 *
 * @example
 * const principal = await userPrincipal(store, workspaceId, userId);
 * authorize(principal, 'source:write:scoped', sourceRef);
 */
export async function userPrincipal(store: Store, workspaceId: string, userId: string): Promise<Principal> {
  const iam = openIamStore(store);
  const [workspace, user] = await Promise.all([store.workspaces.get(workspaceId), iam.users.get(userId)]);
  if (!workspace || !user || !(await iam.users.isMember(workspaceId, userId))) throw new ApiError(404, `workspace "${workspaceId}" not found`);
  const base = { kind: 'user' as const, tokenId: user.id, tokenName: user.email, workspaceId };
  if (!PLANS_WITH_ROLES.includes(workspace.plan.toLowerCase())) {
    return { ...base, roles: ['WORKSPACE_OWNER'], grants: [{ roleId: 'WORKSPACE_OWNER', scope: { kind: 'workspace' } }] };
  }
  const grants = toGrants(await iam.userGrants(workspaceId, userId), 'user');
  return { ...base, roles: [...new Set(grants.map((g) => g.roleId))], grants };
}
