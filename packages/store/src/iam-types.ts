/** Shared types of access management (users, invites, groups, grants). */

/** Who a grant is given to. */
export type GrantSubjectType = 'user' | 'group' | 'token';

/**
 * The holder of grants.
 *
 * @example
 * const s: GrantSubject = { type: 'group', id: groupId };
 */
export interface GrantSubject {
  type: GrantSubjectType;
  id: string;
}

/** A `key:value` label a grant is scoped to. */
export interface LabelRef {
  key: string;
  value: string;
}

/** Resource types a grant can name (Segment's that apply here). */
export const GRANT_RESOURCE_TYPES = ['WORKSPACE', 'SOURCE'] as const;

/**
 * A resource of a grant, Segment's `PermissionResourceV1`: the whole workspace
 * (`{ id: workspaceId, type: 'WORKSPACE' }`), the workspace's resources carrying every label given
 * (`{ id: workspaceId, type: 'WORKSPACE', labels }`), or one source (`{ id: sourceId, type: 'SOURCE' }`).
 *
 * @example
 * const r: GrantResource = { id: workspaceId, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] };
 */
export interface GrantResource {
  id: string;
  type: (typeof GRANT_RESOURCE_TYPES)[number];
  labels?: LabelRef[];
}

/**
 * A role on resources, Segment's `PermissionInputV1`.
 *
 * @example
 * const g: GrantInput = { roleId: 'SOURCE_ADMIN', resources: [{ id: sourceId, type: 'SOURCE' }] };
 */
export interface GrantInput {
  roleId: string;
  resources: GrantResource[];
}

/**
 * One stored grant: a subject has a role on one resource.
 *
 * @example
 * const g: StoredGrant = { id, workspaceId, subject: { type: 'user', id: userId }, roleId: 'SOURCE_ADMIN', resource: { id: sourceId, type: 'SOURCE' }, createdAt };
 */
export interface StoredGrant {
  id: string;
  workspaceId: string;
  subject: GrantSubject;
  roleId: string;
  resource: GrantResource;
  createdAt: string;
}

/**
 * Where an effective grant applies: everywhere in the workspace, on resources with all these labels,
 * or on these sources and the destinations connected to them (resolved when read).
 *
 * @example
 * const s: EffectiveScope = { kind: 'sources', sourceIds: ['src1'], destinationIds: ['dst1'] };
 */
export type EffectiveScope =
  | { kind: 'workspace' }
  | { kind: 'labels'; labels: LabelRef[] }
  | { kind: 'sources'; sourceIds: string[]; destinationIds: string[] };

/**
 * A role and its scope, as authorization needs it.
 *
 * @example
 * const g: EffectiveGrant = { roleId: 'SOURCE_READ_ONLY', scope: { kind: 'labels', labels: [{ key: 'environment', value: 'prod' }] } };
 */
export interface EffectiveGrant {
  roleId: string;
  scope: EffectiveScope;
}

/**
 * A user, without password or MFA material.
 *
 * @example
 * const u: User = { id, email: 'Ada@Example.com', name: 'Ada', mfaEnabled: false, createdAt, updatedAt };
 */
export interface User {
  id: string;
  email: string;
  name: string;
  mfaEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * A pending invite (its token is never returned after creation).
 *
 * @example
 * const i: Invite = { id, workspaceId, email: 'bo@example.com', permissions: [], createdBy: null, createdAt, expiresAt };
 */
export interface Invite {
  id: string;
  workspaceId: string;
  email: string;
  permissions: GrantInput[];
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/**
 * A user group.
 *
 * @example
 * const g: UserGroup = { id, workspaceId, name: 'Analysts', memberCount: 2, createdAt, updatedAt };
 */
export interface UserGroup {
  id: string;
  workspaceId: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}
