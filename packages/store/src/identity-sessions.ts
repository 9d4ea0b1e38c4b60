import type { Kysely, Selectable } from 'kysely';
import { InvalidInputError } from './errors.ts';
import type { ConsoleSessionTable, IdentityDatabase } from './identity-schema.ts';

/** How a session was signed in. */
export const SESSION_METHODS = ['password', 'oidc', 'saml', 'invite'] as const;

/**
 * A stored console session (keyed by the SHA-256 of its id; the id itself is never stored).
 *
 * @example
 * const s: StoredSession = { idHash, userId, workspaceId: null, method: 'password', mfaVerified: false, createdAt, lastSeenAt, expiresAt };
 */
export interface StoredSession {
  idHash: string;
  userId: string;
  workspaceId: string | null;
  method: (typeof SESSION_METHODS)[number];
  mfaVerified: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** Console sessions. */
export interface SessionRepo {
  create(input: { idHash: string; userId: string; workspaceId: string | null; method: StoredSession['method']; mfaVerified: boolean; now: Date; expiresAt: Date }): Promise<StoredSession>;
  get(idHash: string): Promise<StoredSession | undefined>;
  /** Records activity (idle expiry counts from here). */
  touch(idHash: string, now: Date): Promise<void>;
  /** Changes the workspace and/or the second-factor state. */
  update(idHash: string, patch: { workspaceId?: string | null; mfaVerified?: boolean }): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of a user (password reset), except one if given; how many ended. */
  deleteForUser(userId: string, exceptIdHash?: string): Promise<number>;
  /** Removes sessions past their absolute expiry or idle since before `idleBefore`; how many. */
  prune(now: Date, idleBefore: Date): Promise<number>;
}

function toSession(r: Selectable<ConsoleSessionTable>): StoredSession {
  return {
    idHash: r.id_hash,
    userId: r.user_id,
    workspaceId: r.workspace_id,
    method: r.method as StoredSession['method'],
    mfaVerified: Number(r.mfa_verified) === 1,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  };
}

/**
 * Session functions over a Kysely instance.
 *
 * @example
 * const sessions = sessionRepo(db);
 * await sessions.create({ idHash: hashToken(id), userId, workspaceId: null, method: 'password', mfaVerified: true, now, expiresAt });
 */
export function sessionRepo(db: Kysely<IdentityDatabase>): SessionRepo {
  return {
    async create(input) {
      if (!(SESSION_METHODS as readonly string[]).includes(input.method)) throw new InvalidInputError(`session.method must be one of ${SESSION_METHODS.join(', ')}, got ${JSON.stringify(input.method)}`);
      const row: ConsoleSessionTable = {
        id_hash: input.idHash,
        user_id: input.userId,
        workspace_id: input.workspaceId,
        method: input.method,
        mfa_verified: input.mfaVerified ? 1 : 0,
        created_at: input.now.toISOString(),
        last_seen_at: input.now.toISOString(),
        expires_at: input.expiresAt.toISOString(),
      };
      await db.insertInto('console_sessions').values(row).execute();
      return toSession(row);
    },
    async get(idHash) {
      const r = await db.selectFrom('console_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return r && toSession(r);
    },
    async touch(idHash, now) {
      await db.updateTable('console_sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute();
    },
    async update(idHash, patch) {
      const set: Partial<ConsoleSessionTable> = {};
      if (patch.workspaceId !== undefined) set.workspace_id = patch.workspaceId;
      if (patch.mfaVerified !== undefined) set.mfa_verified = patch.mfaVerified ? 1 : 0;
      if (Object.keys(set).length > 0) await db.updateTable('console_sessions').set(set).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      await db.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteForUser(userId, exceptIdHash) {
      let q = db.deleteFrom('console_sessions').where('user_id', '=', userId);
      if (exceptIdHash !== undefined) q = q.where('id_hash', '<>', exceptIdHash);
      return Number((await q.executeTakeFirst()).numDeletedRows);
    },
    async prune(now, idleBefore) {
      const r = await db
        .deleteFrom('console_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<', idleBefore.toISOString())]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
