import type { Kysely } from 'kysely';
import type { IdentityDatabase } from './identity-schema.ts';
import { nowIso } from './time.ts';

/**
 * A user's sign-in material (for the console only; never returned by an API).
 *
 * @example
 * const c: Credentials = { userId, email: 'ada@example.com', passwordHash: '$argon2id$…', mfaEnabled: false, mfaSecret: null, recoveryCodeHashes: [] };
 */
export interface Credentials {
  userId: string;
  email: string;
  passwordHash: string | null;
  mfaEnabled: boolean;
  /** Sealed (encrypted) TOTP secret. */
  mfaSecret: string | null;
  /** Hashes of the unused recovery codes. */
  recoveryCodeHashes: string[];
}

/** Passwords, MFA secrets and recovery codes (columns of `users`) and MFA enrolment state. */
export interface CredentialRepo {
  /** How many users exist (first run: none). */
  countUsers(): Promise<number>;
  byUserId(userId: string): Promise<Credentials | undefined>;
  /** Case-insensitive. */
  byEmail(email: string): Promise<Credentials | undefined>;
  setPasswordHash(userId: string, hash: string): Promise<void>;
  /** Starts (or restarts) an enrolment with a sealed secret awaiting its first code. */
  setPendingSecret(userId: string, sealed: string | null): Promise<void>;
  pendingSecret(userId: string): Promise<string | null>;
  /** Turns MFA on with the confirmed secret and fresh recovery code hashes; clears the pending secret. */
  enableMfa(userId: string, sealedSecret: string, recoveryCodeHashes: readonly string[]): Promise<void>;
  disableMfa(userId: string): Promise<void>;
  /** Spends a recovery code (by hash); false when it is not an unused code of the user. */
  useRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
  /** Records a TOTP step as used; false when this step or a later one was already used (replay). */
  claimTotpStep(userId: string, step: number): Promise<boolean>;
}

type Row = { id: string; email: string; password_hash: string | null; mfa_enabled: number; mfa_secret: string | null; mfa_recovery_codes: string | null };

function toCredentials(r: Row): Credentials {
  return {
    userId: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    mfaEnabled: Number(r.mfa_enabled) === 1,
    mfaSecret: r.mfa_secret,
    recoveryCodeHashes: r.mfa_recovery_codes ? (JSON.parse(r.mfa_recovery_codes) as string[]) : [],
  };
}

/**
 * Credential functions over a Kysely instance.
 *
 * @example
 * const creds = credentialRepo(db);
 * await creds.setPasswordHash(userId, await hash(password));
 */
export function credentialRepo(db: Kysely<IdentityDatabase>): CredentialRepo {
  const columns = ['id', 'email', 'password_hash', 'mfa_enabled', 'mfa_secret', 'mfa_recovery_codes'] as const;
  const ensureState = (userId: string) =>
    db.insertInto('user_mfa_state').values({ user_id: userId, pending_secret: null, pending_at: null, last_step: 0 }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  return {
    async countUsers() {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async byUserId(userId) {
      const r = await db.selectFrom('users').select(columns).where('id', '=', userId).executeTakeFirst();
      return r && toCredentials(r);
    },
    async byEmail(email) {
      const r = await db.selectFrom('users').select(columns).where('email_lower', '=', email.trim().toLowerCase()).executeTakeFirst();
      return r && toCredentials(r);
    },
    async setPasswordHash(userId, hash) {
      await db.updateTable('users').set({ password_hash: hash, updated_at: nowIso() }).where('id', '=', userId).execute();
    },
    async setPendingSecret(userId, sealed) {
      await ensureState(userId);
      await db.updateTable('user_mfa_state').set({ pending_secret: sealed, pending_at: sealed === null ? null : nowIso() }).where('user_id', '=', userId).execute();
    },
    async pendingSecret(userId) {
      const r = await db.selectFrom('user_mfa_state').select('pending_secret').where('user_id', '=', userId).executeTakeFirst();
      return r?.pending_secret ?? null;
    },
    async enableMfa(userId, sealedSecret, hashes) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ mfa_enabled: 1, mfa_secret: sealedSecret, mfa_recovery_codes: JSON.stringify(hashes), updated_at: nowIso() }).where('id', '=', userId).execute();
        await trx.updateTable('user_mfa_state').set({ pending_secret: null, pending_at: null }).where('user_id', '=', userId).execute();
      });
    },
    async disableMfa(userId) {
      await db.updateTable('users').set({ mfa_enabled: 0, mfa_secret: null, mfa_recovery_codes: null, updated_at: nowIso() }).where('id', '=', userId).execute();
    },
    async useRecoveryCode(userId, codeHash) {
      // Compare-and-set on the whole list: two concurrent uses of one code cannot both succeed.
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await db.selectFrom('users').select('mfa_recovery_codes').where('id', '=', userId).executeTakeFirst();
        if (!r?.mfa_recovery_codes) return false;
        const codes = JSON.parse(r.mfa_recovery_codes) as string[];
        if (!codes.includes(codeHash)) return false;
        const next = JSON.stringify(codes.filter((c) => c !== codeHash));
        const u = await db.updateTable('users').set({ mfa_recovery_codes: next }).where('id', '=', userId).where('mfa_recovery_codes', '=', r.mfa_recovery_codes).executeTakeFirst();
        if (Number(u.numUpdatedRows) === 1) return true;
      }
      return false;
    },
    async claimTotpStep(userId, step) {
      await ensureState(userId);
      const r = await db.updateTable('user_mfa_state').set({ last_step: step }).where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
