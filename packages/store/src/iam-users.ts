import type { Kysely, Selectable } from 'kysely';
import { ConflictError, InvalidInputError, isUniqueViolation } from './errors.ts';
import type { IamDatabase, UserTable } from './iam-schema.ts';
import type { User } from './iam-types.ts';
import { newId } from './ids.ts';
import { nowIso } from './time.ts';
import { checkText } from './validate.ts';

/** Users and their workspace memberships (a user can belong to several workspaces). */
export interface UserRepo {
  create(input: { email: string; name?: string }): Promise<User>;
  get(id: string): Promise<User | undefined>;
  /** Case-insensitive. */
  getByEmail(email: string): Promise<User | undefined>;
  /** The user with this email, created when absent. */
  ensure(input: { email: string; name?: string }): Promise<User>;
  addToWorkspace(workspaceId: string, userId: string): Promise<void>;
  /** Removes the membership with the user's grants and group memberships in that workspace. False when not a member. */
  removeFromWorkspace(workspaceId: string, userId: string): Promise<boolean>;
  isMember(workspaceId: string, userId: string): Promise<boolean>;
  /** Members of a workspace in the order they joined. */
  listMembers(workspaceId: string): Promise<User[]>;
  /** Members among these emails (case-insensitive), keyed by lower-cased email. */
  membersByEmail(workspaceId: string, emails: readonly string[]): Promise<Map<string, User>>;
  /** Ids of the workspaces a user belongs to. */
  workspacesOf(userId: string): Promise<string[]>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks an email address (the field is named in the error) and returns it trimmed.
 *
 * @example
 * checkEmail('emails[0]', ' Ada@Example.com '); // 'Ada@Example.com'
 */
export function checkEmail(field: string, value: unknown): string {
  const email = typeof value === 'string' ? value.trim() : value;
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email)) throw new InvalidInputError(`${field} must be an email address, got ${JSON.stringify(value)}`);
  return email;
}

function toUser(r: Selectable<UserTable>): User {
  return { id: r.id, email: r.email, name: r.name, mfaEnabled: r.mfa_enabled === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

/**
 * User functions over a Kysely instance.
 *
 * @example
 * const users = userRepo(db);
 * const ada = await users.ensure({ email: 'ada@example.com', name: 'Ada' });
 * await users.addToWorkspace(workspaceId, ada.id);
 */
export function userRepo(db: Kysely<IamDatabase>): UserRepo {
  const columns = ['id', 'email', 'email_lower', 'name', 'mfa_enabled', 'created_at', 'updated_at', 'password_hash', 'mfa_secret', 'mfa_recovery_codes'] as const;
  const repo: UserRepo = {
    async create(input) {
      const email = checkEmail('user.email', input.email);
      const now = nowIso();
      const row: UserTable = {
        id: newId(),
        email,
        email_lower: email.toLowerCase(),
        name: input.name === undefined || input.name === '' ? email.split('@')[0]! : checkText('user.name', input.name),
        password_hash: null,
        mfa_secret: null,
        mfa_recovery_codes: null,
        mfa_enabled: 0,
        created_at: now,
        updated_at: now,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`a user with email "${email}" already exists`);
        throw err;
      }
      return toUser(row);
    },
    async get(id) {
      const r = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    async getByEmail(email) {
      if (typeof email !== 'string') return undefined;
      const r = await db.selectFrom('users').select(columns).where('email_lower', '=', email.trim().toLowerCase()).executeTakeFirst();
      return r && toUser(r);
    },
    async ensure(input) {
      const found = await repo.getByEmail(checkEmail('user.email', input.email));
      if (found) return found;
      try {
        return await repo.create(input);
      } catch (err) {
        const raced = err instanceof ConflictError ? await repo.getByEmail(input.email) : undefined;
        if (raced) return raced;
        throw err;
      }
    },
    async addToWorkspace(workspaceId, userId) {
      await db
        .insertInto('workspace_members')
        .values({ workspace_id: workspaceId, user_id: userId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
        .execute();
    },
    async removeFromWorkspace(workspaceId, userId) {
      return db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('workspace_members').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
        const groups = trx.selectFrom('user_groups').select('id').where('workspace_id', '=', workspaceId);
        await trx.deleteFrom('user_group_members').where('user_id', '=', userId).where('group_id', 'in', groups).execute();
        await trx.deleteFrom('iam_grants').where('workspace_id', '=', workspaceId).where('subject_type', '=', 'user').where('subject_id', '=', userId).execute();
        return Number(r.numDeletedRows) > 0;
      });
    },
    async isMember(workspaceId, userId) {
      const r = await db.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
      return r !== undefined;
    },
    async listMembers(workspaceId) {
      const rows = await db
        .selectFrom('workspace_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(columns.map((c) => `u.${c}` as const))
        .where('m.workspace_id', '=', workspaceId)
        .orderBy('m.created_at')
        .orderBy('u.id')
        .execute();
      return rows.map(toUser);
    },
    async membersByEmail(workspaceId, emails) {
      const out = new Map<string, User>();
      const lower = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
      if (lower.length === 0) return out;
      const rows = await db
        .selectFrom('workspace_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(columns.map((c) => `u.${c}` as const))
        .where('m.workspace_id', '=', workspaceId)
        .where('u.email_lower', 'in', lower)
        .execute();
      for (const r of rows) out.set(r.email_lower, toUser(r));
      return out;
    },
    async workspacesOf(userId) {
      const rows = await db.selectFrom('workspace_members').select('workspace_id').where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map((r) => r.workspace_id);
    },
  };
  return repo;
}
