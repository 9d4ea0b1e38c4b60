import type { GrantResource, StoredGrant, User, UserGroup } from '@junction/store';
import { isRoleId, ROLES, type RoleId } from './permissions.ts';

/**
 * A role as listed (Segment's `RoleV1`).
 *
 * @example
 * roleView('SOURCE_ADMIN'); // { id: 'SOURCE_ADMIN', name: 'Source Admin', description: '…' }
 */
export function roleView(id: RoleId) {
  return { id, name: ROLES[id].name, description: ROLES[id].description };
}

/**
 * Grants grouped by role (Segment's `PermissionV1` / `AccessPermissionV1`), in first-granted order.
 *
 * @example
 * permissionsView(grants); // [{ roleId: 'SOURCE_ADMIN', roleName: 'Source Admin', resources: [{ id: 'src1', type: 'SOURCE' }] }]
 */
export function permissionsView(grants: readonly StoredGrant[]) {
  const byRole = new Map<string, GrantResource[]>();
  for (const g of grants) byRole.set(g.roleId, [...(byRole.get(g.roleId) ?? []), g.resource]);
  return [...byRole].map(([roleId, resources]) => ({ roleId, roleName: isRoleId(roleId) ? ROLES[roleId].name : roleId, resources }));
}

/**
 * A user as listed (Segment's `UserV1`).
 *
 * @example
 * userView(user, grants); // { id, name: 'Ada', email: 'ada@example.com', permissions: [...] }
 */
export function userView(user: User, grants: readonly StoredGrant[]) {
  return { id: user.id, name: user.name, email: user.email, permissions: permissionsView(grants) };
}

/**
 * A user group as listed (Segment's `UserGroupV1`).
 *
 * @example
 * groupView(group, grants); // { id, name: 'Analysts', memberCount: 2, permissions: [...] }
 */
export function groupView(group: UserGroup, grants: readonly StoredGrant[]) {
  return { id: group.id, name: group.name, memberCount: group.memberCount, permissions: permissionsView(grants) };
}
