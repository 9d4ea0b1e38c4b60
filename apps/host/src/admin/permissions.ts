/**
 * Permissions of the admin API and the roles that grant them. Every route declares the
 * permission it needs; {@link authorize} decides for a principal and a resource. Today a token
 * holds one workspace-wide role; resource- and label-scoped grants plug in here.
 */

/** Everything a route can require. */
export const PERMISSIONS = [
  'workspace:read',
  'workspace:write',
  'source:read',
  'source:write',
  'destination:read',
  'destination:write',
  'catalog:read',
  'label:read',
  'label:write',
  'token:read',
  'token:write',
  'audit:read',
] as const;

/**
 * One of {@link PERMISSIONS}.
 *
 * @example
 * const p: Permission = 'source:write';
 */
export type Permission = (typeof PERMISSIONS)[number];

/** Roles a token can be issued with (Segment's names). */
export const ROLES = {
  WORKSPACE_OWNER: { name: 'Workspace Owner', permissions: PERMISSIONS },
  WORKSPACE_MEMBER: {
    name: 'Workspace Member',
    permissions: PERMISSIONS.filter((p) => p.endsWith(':read') && p !== 'token:read' && p !== 'audit:read'),
  },
} as const satisfies Record<string, { name: string; permissions: readonly Permission[] }>;

/**
 * A role id, e.g. `WORKSPACE_OWNER`.
 *
 * @example
 * const r: RoleId = 'WORKSPACE_MEMBER';
 */
export type RoleId = keyof typeof ROLES;

/**
 * True when `value` names a role.
 *
 * @example
 * isRoleId('WORKSPACE_OWNER'); // true
 */
export function isRoleId(value: unknown): value is RoleId {
  return typeof value === 'string' && Object.hasOwn(ROLES, value);
}

/**
 * Who is calling: the token and the one workspace it belongs to.
 *
 * @example
 * const p: Principal = { tokenId: 't1', tokenName: 'CI', workspaceId: 'w1', roles: ['WORKSPACE_OWNER'] };
 */
export interface Principal {
  tokenId: string;
  tokenName: string;
  workspaceId: string;
  roles: RoleId[];
}

/**
 * What a permission is checked against: the workspace, or one resource (with its labels, for
 * label-scoped grants to come).
 *
 * @example
 * const r: ResourceRef = { type: 'source', id: 'src_1', workspaceId: 'w1', labels: [{ key: 'environment', value: 'prod' }] };
 */
export interface ResourceRef {
  type: 'workspace' | 'source' | 'destination' | 'label' | 'token' | 'audit';
  id: string;
  workspaceId: string;
  labels?: ReadonlyArray<{ key: string; value: string }>;
}

/**
 * True when the principal may do `permission` on `resource`. A resource of another workspace is
 * never allowed (callers answer 404 for it, so existence does not leak).
 *
 * @example
 * authorize({ tokenId: 't', tokenName: 'x', workspaceId: 'w1', roles: ['WORKSPACE_MEMBER'] }, 'source:write', { type: 'source', id: 's', workspaceId: 'w1' }); // false
 */
export function authorize(principal: Principal, permission: Permission, resource: ResourceRef): boolean {
  if (resource.workspaceId !== principal.workspaceId) return false;
  return principal.roles.some((role) => (ROLES[role].permissions as readonly Permission[]).includes(permission));
}
