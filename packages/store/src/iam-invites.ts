import type { Kysely, Selectable } from 'kysely';
import { hashToken } from './api-tokens.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { grantRepo } from './iam-grants.ts';
import { groupRepo } from './iam-groups.ts';
import type { IamDatabase, InviteTable } from './iam-schema.ts';
import type { GrantInput, Invite, User } from './iam-types.ts';
import { checkEmail, userRepo } from './iam-users.ts';
import { newId, randomBase62 } from './ids.ts';

/** Days an invite stays valid unless told otherwise. */
export const INVITE_TTL_DAYS = 7;

/** Invitations to a workspace, by email, with the roles granted on acceptance. */
export interface InviteRepo {
  /**
   * Invites an email (again: a pending invite is renewed with the new roles, token and expiry).
   * The plaintext token is returned here only, for the invitation mail.
   */
  create(workspaceId: string, input: { email: string; permissions: readonly GrantInput[]; createdBy?: string | null; ttlDays?: number; now?: Date }): Promise<{ invite: Invite; token: string }>;
  /** Pending invites of a workspace (expired ones included, see `expiresAt`), oldest first. */
  list(workspaceId: string): Promise<Invite[]>;
  getByEmail(workspaceId: string, email: string): Promise<Invite | undefined>;
  /** Revokes invites (and the emails' pending group entries); how many were revoked. */
  delete(workspaceId: string, emails: readonly string[]): Promise<number>;
  /**
   * Accepts an invite: the user (created when new) joins the workspace with the invite's roles and
   * its pending groups. Unknown, used or expired tokens are refused.
   */
  accept(token: string, input?: { name?: string; now?: Date }): Promise<{ user: User; workspaceId: string }>;
}

function toInvite(r: Selectable<InviteTable>): Invite {
  return { id: r.id, workspaceId: r.workspace_id, email: r.email, permissions: JSON.parse(r.permissions) as GrantInput[], createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at };
}

const columns = ['id', 'workspace_id', 'email', 'email_lower', 'permissions', 'token_hash', 'created_by', 'created_at', 'expires_at'] as const;

/**
 * Invite functions over a Kysely instance.
 *
 * @example
 * const { token } = await inviteRepo(db).create(workspaceId, { email: 'bo@example.com', permissions: [{ roleId: 'SOURCE_ADMIN', resources: [{ id: workspaceId, type: 'WORKSPACE' }] }] });
 * const { user } = await inviteRepo(db).accept(token, { name: 'Bo' });
 */
export function inviteRepo(db: Kysely<IamDatabase>): InviteRepo {
  const repo: InviteRepo = {
    async create(workspaceId, input) {
      const email = checkEmail('invite.email', input.email);
      const ttl = input.ttlDays ?? INVITE_TTL_DAYS;
      if (!Number.isFinite(ttl) || ttl <= 0 || ttl > 90) throw new InvalidInputError(`invite.ttlDays must be from 1 to 90, got ${ttl}`);
      const now = input.now ?? new Date();
      const token = `jci_${randomBase62(40)}`;
      const row: InviteTable = {
        id: newId(),
        workspace_id: workspaceId,
        email,
        email_lower: email.toLowerCase(),
        permissions: JSON.stringify(input.permissions),
        token_hash: hashToken(token),
        created_by: input.createdBy ?? null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + ttl * 86_400_000).toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('invites').where('workspace_id', '=', workspaceId).where('email_lower', '=', row.email_lower).execute();
        await trx.insertInto('invites').values(row).execute();
      });
      return { invite: toInvite(row), token };
    },
    async list(workspaceId) {
      return (await db.selectFrom('invites').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute()).map(toInvite);
    },
    async getByEmail(workspaceId, email) {
      const r = await db.selectFrom('invites').select(columns).where('workspace_id', '=', workspaceId).where('email_lower', '=', email.trim().toLowerCase()).executeTakeFirst();
      return r && toInvite(r);
    },
    async delete(workspaceId, emails) {
      const lower = emails.map((e, i) => checkEmail(`emails[${i}]`, e).toLowerCase());
      if (lower.length === 0) return 0;
      const r = await db.deleteFrom('invites').where('workspace_id', '=', workspaceId).where('email_lower', 'in', lower).executeTakeFirst();
      const groups = db.selectFrom('user_groups').select('id').where('workspace_id', '=', workspaceId);
      await db.deleteFrom('user_group_invites').where('group_id', 'in', groups).where('email_lower', 'in', lower).execute();
      return Number(r.numDeletedRows);
    },
    async accept(token, input = {}) {
      // Never echo the token: it is a credential.
      const r = typeof token === 'string' && token !== '' ? await db.selectFrom('invites').select(columns).where('token_hash', '=', hashToken(token)).executeTakeFirst() : undefined;
      if (!r) throw new NotFoundError('this invitation is not valid (unknown, revoked or already accepted)');
      const invite = toInvite(r);
      if (Date.parse(invite.expiresAt) <= (input.now ?? new Date()).getTime()) throw new InvalidInputError(`this invitation expired at ${invite.expiresAt}; ask for a new one`);
      const users = userRepo(db);
      const user = await users.ensure({ email: invite.email, ...(input.name !== undefined ? { name: input.name } : {}) });
      await users.addToWorkspace(invite.workspaceId, user.id);
      if (invite.permissions.length > 0) await grantRepo(db).add(invite.workspaceId, { type: 'user', id: user.id }, invite.permissions);
      await groupRepo(db).claimInvites(invite.workspaceId, invite.email, user.id);
      await db.deleteFrom('invites').where('id', '=', invite.id).execute();
      return { user, workspaceId: invite.workspaceId };
    },
  };
  return repo;
}
