/**
 * Kysely table types of access management (migration `0004_iam`): users, workspace memberships,
 * invites, user groups and grants. Same conventions as `schema.ts`: ISO-8601 UTC text timestamps,
 * JSON as text, booleans as 0/1 integers.
 */
import type { Kysely } from 'kysely';
import type { AdminDatabase } from './admin-schema.ts';
import type { Database } from './schema.ts';

/** A person who can sign in; one row whatever the number of workspaces. */
export interface UserTable {
  id: string;
  /** As given (display). */
  email: string;
  /** Lower-cased email, unique: emails match case-insensitively. */
  email_lower: string;
  name: string;
  /** Reserved for the console (argon2id); never returned by the repositories. */
  password_hash: string | null;
  /** Reserved for the console: encrypted TOTP secret. */
  mfa_secret: string | null;
  /** Reserved for the console: JSON array of hashed recovery codes. */
  mfa_recovery_codes: string | null;
  mfa_enabled: number;
  created_at: string;
  updated_at: string;
}

/** A user's membership of a workspace. */
export interface WorkspaceMemberTable {
  workspace_id: string;
  user_id: string;
  created_at: string;
}

/** A pending invitation: the roles to grant on acceptance; only the SHA-256 of its token is kept. */
export interface InviteTable {
  id: string;
  workspace_id: string;
  email: string;
  email_lower: string;
  /** JSON array of grant inputs (`{ roleId, resources }`). */
  permissions: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
}

/** A user group of a workspace. */
export interface UserGroupTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A user in a group. */
export interface UserGroupMemberTable {
  group_id: string;
  user_id: string;
}

/** An invited email waiting to join a group when its invite is accepted. */
export interface UserGroupInviteTable {
  group_id: string;
  email_lower: string;
}

/** One role granted to a subject on one resource (or on labels of the workspace). */
export interface IamGrantTable {
  id: string;
  workspace_id: string;
  /** `user`, `group` or `token`. */
  subject_type: string;
  subject_id: string;
  role_id: string;
  /** `WORKSPACE` or `SOURCE` (Segment's resource types). */
  resource_type: string;
  resource_id: string;
  /** JSON array of `{ key, value }`; only on `WORKSPACE` (resources carrying all of them). */
  labels: string;
  created_at: string;
}

/** The access-management tables. */
export interface IamTables {
  users: UserTable;
  workspace_members: WorkspaceMemberTable;
  invites: InviteTable;
  user_groups: UserGroupTable;
  user_group_members: UserGroupMemberTable;
  user_group_invites: UserGroupInviteTable;
  iam_grants: IamGrantTable;
}

/** The store's database plus the admin and access-management tables. */
export type IamDatabase = AdminDatabase & IamTables;

/**
 * Views a store's Kysely instance with the access-management tables typed (same connection).
 *
 * @example
 * const db = iamDb(store.db);
 * await db.selectFrom('users').select('email').execute();
 */
export function iamDb(db: Kysely<Database>): Kysely<IamDatabase> {
  return db as unknown as Kysely<IamDatabase>;
}
