import type { Kysely } from 'kysely';
import { hashToken } from './api-tokens.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import type { IdentityDatabase } from './identity-schema.ts';
import type { Invite } from './iam-types.ts';
import { randomBase62 } from './ids.ts';

/**
 * What an invitation link leads to (read before accepting, without spending it).
 *
 * @example
 * const p: InviteLinkPreview = { invite, workspaceName: 'Demo', existingUserId: null, hasPassword: false };
 */
export interface InviteLinkPreview {
  invite: Invite;
  workspaceName: string;
  /** The user the invite's email already belongs to, if any. */
  existingUserId: string | null;
  hasPassword: boolean;
}

/** The emailed links of the invites created by the admin API (table `invites` of `0004_iam`). */
export interface InviteLinkRepo {
  /**
   * Gives a pending invite a fresh token for its mail (the previous link stops working); undefined
   * when there is no pending invite for this email.
   */
  issue(workspaceId: string, email: string): Promise<{ token: string; invite: Invite } | undefined>;
  /** The invite behind a link; throws when unknown, accepted, revoked or expired. */
  preview(token: string, now?: Date): Promise<InviteLinkPreview>;
}

/**
 * Invitation link functions over a Kysely instance.
 *
 * @example
 * const sent = await inviteLinkRepo(db).issue(workspaceId, 'bo@example.com');
 * if (sent) await mail(`${baseUrl}/invite/accept?token=${sent.token}`);
 */
export function inviteLinkRepo(db: Kysely<IdentityDatabase>): InviteLinkRepo {
  const columns = ['i.id', 'i.workspace_id', 'i.email', 'i.permissions', 'i.created_by', 'i.created_at', 'i.expires_at'] as const;
  return {
    async issue(workspaceId, email) {
      const token = `jci_${randomBase62(40)}`;
      const lower = email.trim().toLowerCase();
      const u = await db.updateTable('invites').set({ token_hash: hashToken(token) }).where('workspace_id', '=', workspaceId).where('email_lower', '=', lower).executeTakeFirst();
      if (Number(u.numUpdatedRows) !== 1) return undefined;
      const r = await db.selectFrom('invites as i').select(columns).where('i.workspace_id', '=', workspaceId).where('i.email_lower', '=', lower).executeTakeFirstOrThrow();
      return { token, invite: toInvite(r) };
    },
    async preview(token, now = new Date()) {
      // Never echo the token: it is a credential.
      const r =
        typeof token === 'string' && token !== ''
          ? await db
              .selectFrom('invites as i')
              .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
              .leftJoin('users as u', 'u.email_lower', 'i.email_lower')
              .select([...columns, 'w.name as workspace_name', 'u.id as user_id', 'u.password_hash'])
              .where('i.token_hash', '=', hashToken(token))
              .executeTakeFirst()
          : undefined;
      if (!r) throw new NotFoundError('this invitation is not valid (unknown, revoked or already accepted)');
      if (Date.parse(r.expires_at) <= now.getTime()) throw new InvalidInputError(`this invitation expired at ${r.expires_at}; ask for a new one`);
      return { invite: toInvite(r), workspaceName: r.workspace_name, existingUserId: r.user_id ?? null, hasPassword: typeof r.password_hash === 'string' };
    },
  };
}

function toInvite(r: { id: string; workspace_id: string; email: string; permissions: string; created_by: string | null; created_at: string; expires_at: string }): Invite {
  return { id: r.id, workspaceId: r.workspace_id, email: r.email, permissions: JSON.parse(r.permissions) as Invite['permissions'], createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at };
}
