import type { GrantInput, IamStore } from '@junction/store';
import { ApiError } from './api-error.ts';
import { isRoleId, ROLES, type RoleDef } from './permissions.ts';

/**
 * Reads grant inputs (Segment's `PermissionInputV1[]`) of a request: every role must exist and be
 * grantable on the resources named (only source roles on sources or labels); sources and labels
 * must be of the workspace. 422 naming the field otherwise.
 *
 * @example
 * const grants = await readGrants(iam, workspaceId, body.permissions, 'permissions');
 */
export async function readGrants(iam: IamStore, workspaceId: string, value: unknown, field: string): Promise<GrantInput[]> {
  const checked = await iam.grants.check(workspaceId, value, field);
  checked.forEach((g, i) => {
    if (!isRoleId(g.roleId)) throw new ApiError(422, `${field}[${i}].roleId must be one of ${Object.keys(ROLES).join(', ')} (GET /roles), got ${JSON.stringify(g.roleId)}`, `${field}[${i}].roleId`);
    const role: RoleDef = ROLES[g.roleId];
    g.resources.forEach((r, j) => {
      const scoped = r.type === 'SOURCE' || (r.labels?.length ?? 0) > 0;
      if (scoped && !role.scopes.includes('SOURCE')) {
        throw new ApiError(422, `${field}[${i}].resources[${j}]: ${role.name} is granted on the whole workspace only (no sources or labels)`, `${field}[${i}].resources[${j}]`);
      }
    });
  });
  return checked;
}

/**
 * Converts Segment's `InvitePermissionV1[]` (`{ roleId, resources?, labels? }`, resources defaulting
 * to the workspace and labels scoping it) into grant inputs.
 *
 * @example
 * invitePermissions(workspaceId, [{ roleId: 'SOURCE_ADMIN', labels: [{ key: 'environment', value: 'prod' }] }], 'invites[0].permissions');
 */
export function invitePermissions(workspaceId: string, value: unknown, field: string): unknown {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ApiError(422, `${field} must be an array of { roleId, resources?, labels? }`, field);
  return value.map((p) => {
    if (p === null || typeof p !== 'object') return p;
    const { roleId, resources, labels } = p as Record<string, unknown>;
    const hasLabels = Array.isArray(labels) && labels.length > 0;
    const list = Array.isArray(resources) && resources.length > 0 ? resources : [{ id: workspaceId, type: 'WORKSPACE' }];
    return { roleId, resources: hasLabels ? list.map((r) => (r && typeof r === 'object' && (r as { type?: unknown }).type === 'WORKSPACE' ? { ...r, labels } : r)) : list };
  });
}

/**
 * The emails of a body field or query parameter (422 naming it when absent or not emails).
 *
 * @example
 * emailList(['ada@example.com'], 'emails'); // ['ada@example.com']
 */
export function emailList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((e) => typeof e !== 'string')) throw new ApiError(422, `${field} must be a non-empty array of email addresses`, field);
  return value as string[];
}
