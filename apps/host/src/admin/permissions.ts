/**
 * Permissions of the admin API, Segment's roles as permission sets, and {@link authorize}.
 *
 * Two kinds of permissions:
 * - workspace permissions (`source:read`, `label:write`, …) are checked on the workspace: a grant
 *   on the whole workspace gives them;
 * - scoped permissions (`…:scoped`) are checked on one source or destination: routes that carry
 *   one load the resource (`loadSource`/`loadDestination` → `ctx.require`). A grant on sources by
 *   id or by label gives them on those resources only (destinations inherit their source's).
 * A grant on sources by id or label also gives its role's {@link BASE_PERMISSIONS}, workspace-wide.
 */
import type { EffectiveScope } from '@junction/store';

const SCOPED = ['source:read:scoped', 'source:write:scoped', 'destination:read:scoped', 'destination:write:scoped'] as const;

/** Everything a route can require. */
export const PERMISSIONS = [
  'workspace:read',
  'workspace:write',
  'source:read',
  'source:write',
  'destination:read',
  'destination:write',
  'warehouse:read',
  'warehouse:write',
  'catalog:read',
  'label:read',
  'label:write',
  'token:read',
  'token:write',
  'audit:read',
  'iam:read',
  'iam:write',
  ...SCOPED,
] as const;

/**
 * One of {@link PERMISSIONS}.
 *
 * @example
 * const p: Permission = 'source:write:scoped';
 */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * True for permissions checked on one source or destination (grants by id or label reach them).
 *
 * @example
 * isScopedPermission('destination:write:scoped'); // true
 */
export function isScopedPermission(p: Permission): boolean {
  return (SCOPED as readonly string[]).includes(p);
}

/** What every role gives, whatever its scope: see the workspace, the catalog and the labels. */
export const BASE_PERMISSIONS: readonly Permission[] = ['workspace:read', 'catalog:read', 'label:read'];
const SOURCE_READ: Permission[] = ['source:read', 'source:read:scoped', 'destination:read', 'destination:read:scoped'];
const SOURCE_WRITE: Permission[] = ['source:write', 'source:write:scoped', 'destination:write', 'destination:write:scoped'];

/** A role: Segment's name and description, its permissions, the resources it can be granted on, and its plan. */
export interface RoleDef {
  name: string;
  description: string;
  permissions: readonly Permission[];
  /** `SOURCE`: grantable on sources by id or label as well as on the whole workspace. */
  scopes: readonly ('WORKSPACE' | 'SOURCE')[];
  /** Only effective for users on the Business plan (tokens carry it on every plan). */
  business: boolean;
}

/** Segment's roles that apply to Junction, as permission sets. */
export const ROLES = {
  WORKSPACE_OWNER: { name: 'Workspace Owner', description: 'Full read and edit access to everything in the workspace, including sources, destinations, settings, API tokens and team permissions.', permissions: PERMISSIONS, scopes: ['WORKSPACE'], business: false },
  WORKSPACE_MEMBER: {
    name: 'Workspace Member',
    description: 'Read access to the workspace, its sources, destinations, warehouses, labels and catalog; no settings, tokens, audit trail or team management.',
    permissions: PERMISSIONS.filter((p) => p.includes(':read') && !['token:read', 'audit:read', 'iam:read'].includes(p)),
    scopes: ['WORKSPACE'],
    business: true,
  },
  MINIMAL_WORKSPACE_ACCESS: { name: 'Minimal Workspace Access', description: 'Sees the workspace, its labels and the catalog; the default for users added without a role.', permissions: BASE_PERMISSIONS, scopes: ['WORKSPACE'], business: true },
  SOURCE_ADMIN: {
    name: 'Source Admin',
    description: 'Edit access to the assigned sources, their settings, write keys and labels, and their connected destinations. Granted on all sources (then may create sources), on some, or on sources with labels.',
    permissions: [...BASE_PERMISSIONS, ...SOURCE_READ, ...SOURCE_WRITE],
    scopes: ['WORKSPACE', 'SOURCE'],
    business: false,
  },
  SOURCE_READ_ONLY: { name: 'Source Read-only', description: 'Read access to the assigned sources, their settings and their connected destinations.', permissions: [...BASE_PERMISSIONS, ...SOURCE_READ], scopes: ['WORKSPACE', 'SOURCE'], business: true },
  WAREHOUSE_DESTINATION_ADMIN: { name: 'Warehouse Destination Admin', description: 'Edit access to all warehouses and their settings.', permissions: [...BASE_PERMISSIONS, 'warehouse:read', 'warehouse:write'], scopes: ['WORKSPACE'], business: true },
  WAREHOUSE_DESTINATION_READ_ONLY: { name: 'Warehouse Destination Read-only', description: 'Read access to all warehouses and their settings.', permissions: [...BASE_PERMISSIONS, 'warehouse:read'], scopes: ['WORKSPACE'], business: true },
} as const satisfies Record<string, RoleDef>;

/**
 * A role id, e.g. `WORKSPACE_OWNER`.
 *
 * @example
 * const r: RoleId = 'SOURCE_ADMIN';
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
 * A role with its scope, as authorization uses it.
 *
 * @example
 * const g: Grant = { roleId: 'SOURCE_ADMIN', scope: { kind: 'labels', labels: [{ key: 'environment', value: 'prod' }] } };
 */
export interface Grant {
  roleId: RoleId;
  scope: EffectiveScope;
}

/**
 * Who is calling: a token (or a signed-in user, `kind: 'user'`, whose id and email then fill
 * `tokenId`/`tokenName`), the one workspace it acts in, and its grants. Without `grants`, each of
 * `roles` holds on the whole workspace.
 *
 * @example
 * const p: Principal = { tokenId: 't1', tokenName: 'CI', workspaceId: 'w1', roles: ['WORKSPACE_OWNER'] };
 */
export interface Principal {
  kind?: 'token' | 'user';
  tokenId: string;
  tokenName: string;
  workspaceId: string;
  roles: RoleId[];
  grants?: Grant[];
}

/**
 * What a permission is checked against: the workspace, or one resource with its labels
 * (a destination carries its source's labels).
 *
 * @example
 * const r: ResourceRef = { type: 'source', id: 'src_1', workspaceId: 'w1', labels: [{ key: 'environment', value: 'prod' }] };
 */
export interface ResourceRef {
  type: 'workspace' | 'source' | 'destination' | 'label' | 'token' | 'audit' | 'user' | 'group';
  id: string;
  workspaceId: string;
  labels?: ReadonlyArray<{ key: string; value: string }>;
}

/**
 * Grants of a principal (its roles on the whole workspace when it has no explicit grants).
 *
 * @example
 * grantsOf({ tokenId: 't', tokenName: 'x', workspaceId: 'w', roles: ['WORKSPACE_MEMBER'] }); // [{ roleId: 'WORKSPACE_MEMBER', scope: { kind: 'workspace' } }]
 */
export function grantsOf(principal: Principal): Grant[] {
  return principal.grants ?? principal.roles.map((roleId) => ({ roleId, scope: { kind: 'workspace' } }));
}

function covers(scope: EffectiveScope, resource: ResourceRef): boolean {
  if (resource.type !== 'source' && resource.type !== 'destination') return false;
  if (scope.kind === 'labels') return scope.labels.every((l) => resource.labels?.some((r) => r.key === l.key && r.value === l.value));
  if (scope.kind === 'sources') return (resource.type === 'source' ? scope.sourceIds : scope.destinationIds).includes(resource.id);
  return true;
}

/**
 * True when the principal may do `permission` on `resource`. A resource of another workspace is
 * never allowed (callers answer 404 for it). For a scoped permission checked on the workspace (the
 * route gate), any grant holding it passes: the route then checks the resource itself.
 *
 * @example
 * authorize({ tokenId: 't', tokenName: 'x', workspaceId: 'w1', roles: ['WORKSPACE_MEMBER'] }, 'source:write', { type: 'workspace', id: 'w1', workspaceId: 'w1' }); // false
 */
export function authorize(principal: Principal, permission: Permission, resource: ResourceRef): boolean {
  if (resource.workspaceId !== principal.workspaceId) return false;
  return grantsOf(principal).some(({ roleId, scope }) => {
    const role: RoleDef = ROLES[roleId];
    if (!role.permissions.includes(permission)) return false;
    if (scope.kind === 'workspace') return true;
    if (!isScopedPermission(permission)) return BASE_PERMISSIONS.includes(permission);
    return resource.type === 'workspace' || covers(scope, resource);
  });
}
