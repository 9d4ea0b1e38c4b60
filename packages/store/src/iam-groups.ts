import type { Kysely } from 'kysely';
import { ConflictError, isUniqueViolation } from './errors.ts';
import type { IamDatabase } from './iam-schema.ts';
import type { User, UserGroup } from './iam-types.ts';
import { checkEmail } from './iam-users.ts';
import { newId } from './ids.ts';
import { nowIso } from './time.ts';
import { checkText } from './validate.ts';

/** User groups of a workspace: members (users) and invited emails that join on acceptance. */
export interface GroupRepo {
  create(workspaceId: string, name: string): Promise<UserGroup>;
  /** The group when it belongs to the workspace. */
  get(workspaceId: string, id: string): Promise<UserGroup | undefined>;
  list(workspaceId: string): Promise<UserGroup[]>;
  rename(workspaceId: string, id: string, name: string): Promise<UserGroup>;
  /** Deletes the group, its memberships and its grants. False when absent. */
  delete(workspaceId: string, id: string): Promise<boolean>;
  members(groupId: string): Promise<User[]>;
  /** Invited (not yet joined) emails, lower-cased. */
  invitedEmails(groupId: string): Promise<string[]>;
  /** Workspace members join; other emails wait as invited emails. Returns the invited emails. */
  addEmails(workspaceId: string, groupId: string, emails: readonly string[]): Promise<string[]>;
  /** Members and invited emails become exactly these. Returns the invited emails. */
  replaceEmails(workspaceId: string, groupId: string, emails: readonly string[]): Promise<string[]>;
  /** Removes members and invited emails with these emails; how many were removed. */
  removeEmails(workspaceId: string, groupId: string, emails: readonly string[]): Promise<number>;
  /** Groups of the workspace the user is in. */
  groupsOfUser(workspaceId: string, userId: string): Promise<UserGroup[]>;
  /** Turns the email's invited-group entries in the workspace into memberships of `userId`. */
  claimInvites(workspaceId: string, email: string, userId: string): Promise<void>;
}

/**
 * Group functions over a Kysely instance.
 *
 * @example
 * const groups = groupRepo(db);
 * const g = await groups.create(workspaceId, 'Analysts');
 * await groups.addEmails(workspaceId, g.id, ['ada@example.com', 'new@example.com']); // ['new@example.com'] invited
 */
export function groupRepo(db: Kysely<IamDatabase>): GroupRepo {
  const base = () =>
    db
      .selectFrom('user_groups as g')
      .select(['g.id', 'g.workspace_id', 'g.name', 'g.created_at', 'g.updated_at'])
      .select((eb) => eb.selectFrom('user_group_members as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.group_id', '=', 'g.id').as('member_count'));
  type Row = { id: string; workspace_id: string; name: string; created_at: string; updated_at: string; member_count: number | string | null };
  const toGroup = (r: Row): UserGroup => ({ id: r.id, workspaceId: r.workspace_id, name: r.name, memberCount: Number(r.member_count ?? 0), createdAt: r.created_at, updatedAt: r.updated_at });
  const conflict = (name: string) => new ConflictError(`a user group named "${name}" already exists in this workspace`);
  const split = async (workspaceId: string, emails: readonly string[]) => {
    const checked = emails.map((e, i) => checkEmail(`emails[${i}]`, e).toLowerCase());
    const rows = checked.length === 0
      ? []
      : await db.selectFrom('workspace_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.email_lower']).where('m.workspace_id', '=', workspaceId).where('u.email_lower', 'in', checked).execute();
    const members = new Map(rows.map((r) => [r.email_lower, r.id]));
    return { userIds: [...new Set(members.values())], invited: [...new Set(checked.filter((e) => !members.has(e)))] };
  };
  const insertAll = async (groupId: string, userIds: string[], invited: string[]) => {
    if (userIds.length > 0) await db.insertInto('user_group_members').values(userIds.map((user_id) => ({ group_id: groupId, user_id }))).onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing()).execute();
    if (invited.length > 0) await db.insertInto('user_group_invites').values(invited.map((email_lower) => ({ group_id: groupId, email_lower }))).onConflict((oc) => oc.columns(['group_id', 'email_lower']).doNothing()).execute();
  };
  const repo: GroupRepo = {
    async create(workspaceId, name) {
      const now = nowIso();
      const row = { id: newId(), workspace_id: workspaceId, name: checkText('userGroup.name', name), created_at: now, updated_at: now };
      try {
        await db.insertInto('user_groups').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(row.name);
        throw err;
      }
      return toGroup({ ...row, member_count: 0 });
    },
    async get(workspaceId, id) {
      const r = await base().where('g.workspace_id', '=', workspaceId).where('g.id', '=', id).executeTakeFirst();
      return r && toGroup(r);
    },
    async list(workspaceId) {
      return (await base().where('g.workspace_id', '=', workspaceId).orderBy('g.created_at').orderBy('g.id').execute()).map(toGroup);
    },
    async rename(workspaceId, id, name) {
      const checked = checkText('userGroup.name', name);
      try {
        await db.updateTable('user_groups').set({ name: checked, updated_at: nowIso() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(checked);
        throw err;
      }
      const g = await repo.get(workspaceId, id);
      if (!g) throw new ConflictError(`user group "${id}" was deleted meanwhile`);
      return g;
    },
    async delete(workspaceId, id) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('iam_grants').where('workspace_id', '=', workspaceId).where('subject_type', '=', 'group').where('subject_id', '=', id).execute();
        await trx.deleteFrom('user_group_members').where('group_id', '=', id).execute();
        await trx.deleteFrom('user_group_invites').where('group_id', '=', id).execute();
        const r = await trx.deleteFrom('user_groups').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },
    async members(groupId) {
      const rows = await db
        .selectFrom('user_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'u.mfa_enabled', 'u.created_at', 'u.updated_at'])
        .where('m.group_id', '=', groupId)
        .orderBy('u.email_lower')
        .execute();
      return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, mfaEnabled: r.mfa_enabled === 1, createdAt: r.created_at, updatedAt: r.updated_at }));
    },
    async invitedEmails(groupId) {
      return (await db.selectFrom('user_group_invites').select('email_lower').where('group_id', '=', groupId).orderBy('email_lower').execute()).map((r) => r.email_lower);
    },
    async addEmails(workspaceId, groupId, emails) {
      const { userIds, invited } = await split(workspaceId, emails);
      await insertAll(groupId, userIds, invited);
      return invited;
    },
    async replaceEmails(workspaceId, groupId, emails) {
      const { userIds, invited } = await split(workspaceId, emails);
      await db.deleteFrom('user_group_members').where('group_id', '=', groupId).execute();
      await db.deleteFrom('user_group_invites').where('group_id', '=', groupId).execute();
      await insertAll(groupId, userIds, invited);
      return invited;
    },
    async removeEmails(_workspaceId, groupId, emails) {
      const lower = emails.map((e, i) => checkEmail(`emails[${i}]`, e).toLowerCase());
      if (lower.length === 0) return 0;
      const users = db.selectFrom('users').select('id').where('email_lower', 'in', lower);
      const a = await db.deleteFrom('user_group_members').where('group_id', '=', groupId).where('user_id', 'in', users).executeTakeFirst();
      const b = await db.deleteFrom('user_group_invites').where('group_id', '=', groupId).where('email_lower', 'in', lower).executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows);
    },
    async groupsOfUser(workspaceId, userId) {
      const ids = db.selectFrom('user_group_members').select('group_id').where('user_id', '=', userId);
      return (await base().where('g.workspace_id', '=', workspaceId).where('g.id', 'in', ids).orderBy('g.name').execute()).map(toGroup);
    },
    async claimInvites(workspaceId, email, userId) {
      const lower = email.trim().toLowerCase();
      const groups = await db
        .selectFrom('user_group_invites as i')
        .innerJoin('user_groups as g', 'g.id', 'i.group_id')
        .select('g.id')
        .where('g.workspace_id', '=', workspaceId)
        .where('i.email_lower', '=', lower)
        .execute();
      for (const g of groups) {
        await insertAll(g.id, [userId], []);
        await db.deleteFrom('user_group_invites').where('group_id', '=', g.id).where('email_lower', '=', lower).execute();
      }
    },
  };
  return repo;
}
