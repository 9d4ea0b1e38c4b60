import type { Kysely } from 'kysely';
import { hashToken } from './api-tokens.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import type { IdentityDatabase } from './identity-schema.ts';
import { randomBase62 } from './ids.ts';

/** Minutes a password reset link stays valid unless told otherwise. */
export const PASSWORD_RESET_TTL_MINUTES = 60;

/** Password reset links: hashed, expiring, single use. */
export interface PasswordResetRepo {
  /** A new reset token for a user (plaintext returned here only, for the mail). */
  create(userId: string, input?: { now?: Date; ttlMinutes?: number }): Promise<{ token: string; expiresAt: string }>;
  /** The user a token would reset, without spending it; throws when unknown, used or expired. */
  check(token: string, now?: Date): Promise<{ userId: string }>;
  /** Spends a token (once: a second use is refused) and returns its user. */
  consume(token: string, now?: Date): Promise<{ userId: string }>;
}

/**
 * Password reset functions over a Kysely instance.
 *
 * @example
 * const { token } = await passwordResetRepo(db).create(userId);
 * const { userId } = await passwordResetRepo(db).consume(token);
 */
export function passwordResetRepo(db: Kysely<IdentityDatabase>): PasswordResetRepo {
  const repo: PasswordResetRepo = {
    async create(userId, input = {}) {
      const now = input.now ?? new Date();
      const ttl = input.ttlMinutes ?? PASSWORD_RESET_TTL_MINUTES;
      if (!Number.isFinite(ttl) || ttl <= 0 || ttl > 7 * 24 * 60) throw new InvalidInputError(`reset.ttlMinutes must be from 1 to 10080, got ${ttl}`);
      const token = `jcr_${randomBase62(40)}`;
      const expiresAt = new Date(now.getTime() + ttl * 60_000).toISOString();
      await db.insertInto('password_resets').values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt, used_at: null }).execute();
      return { token, expiresAt };
    },
    async check(token, now = new Date()) {
      // Never echo the token: it is a credential.
      const r = typeof token === 'string' && token !== '' ? await db.selectFrom('password_resets').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst() : undefined;
      if (!r || r.used_at !== null) throw new NotFoundError('this password reset link is not valid (unknown or already used); ask for a new one');
      if (Date.parse(r.expires_at) <= now.getTime()) throw new InvalidInputError(`this password reset link expired at ${r.expires_at}; ask for a new one`);
      return { userId: r.user_id };
    },
    async consume(token, now = new Date()) {
      const { userId } = await repo.check(token, now);
      const u = await db.updateTable('password_resets').set({ used_at: now.toISOString() }).where('token_hash', '=', hashToken(token)).where('used_at', 'is', null).executeTakeFirst();
      if (Number(u.numUpdatedRows) !== 1) throw new NotFoundError('this password reset link is not valid (unknown or already used); ask for a new one');
      // One live link per user: spending one retires the others.
      await db.updateTable('password_resets').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
      return { userId };
    },
  };
  return repo;
}
