import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from './errors.ts';
import type { SsoDatabase } from './sso-schema.ts';
import { nowIso } from './time.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * A sign-in started at an IdP and not yet finished.
 *
 * @example
 * const r: SsoPendingRequest = { connectionId, data: { nonce, codeVerifier, next: '/' }, expiresAt: '2026-01-01T00:10:00.000Z' };
 */
export interface SsoPendingRequest {
  connectionId: string;
  data: Record<string, string>;
  expiresAt: string;
}

/** Pending sign-ins (keyed by the SHA-256 of the OIDC state or SAML request id), single use. */
export interface SsoRequestRepo {
  /** Records a pending sign-in (and drops the expired ones). */
  put(key: string, request: SsoPendingRequest): Promise<void>;
  /** The pending sign-in, removed at once: a second take (or an expired one) gets undefined. */
  take(key: string, now?: Date): Promise<SsoPendingRequest | undefined>;
}

/** Assertion and ID-token ids already used. */
export interface SsoReplayRepo {
  /** True the first time a key is claimed; false when it was already used (a replay). */
  claim(key: string, expiresAt: Date, now?: Date): Promise<boolean>;
}

/** Links of an IdP subject to a Junction user. */
export interface SsoIdentityRepo {
  userOf(connectionId: string, subject: string): Promise<string | undefined>;
  link(connectionId: string, subject: string, userId: string): Promise<void>;
}

/**
 * Pending-request functions over a Kysely instance.
 *
 * @example
 * await ssoRequestRepo(db).put(state, { connectionId, data: { nonce }, expiresAt });
 */
export function ssoRequestRepo(db: Kysely<SsoDatabase>): SsoRequestRepo {
  return {
    async put(key, request) {
      const now = nowIso();
      await db.deleteFrom('sso_requests').where('expires_at', '<', now).execute();
      await db.insertInto('sso_requests').values({ id_hash: sha256(key), connection_id: request.connectionId, data: JSON.stringify(request.data), created_at: now, expires_at: request.expiresAt }).execute();
    },
    async take(key, now = new Date()) {
      if (typeof key !== 'string' || key === '') return undefined;
      const idHash = sha256(key);
      const row = await db.selectFrom('sso_requests').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      if (!row) return undefined;
      const r = await db.deleteFrom('sso_requests').where('id_hash', '=', idHash).executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1 || Date.parse(row.expires_at) <= now.getTime()) return undefined;
      return { connectionId: row.connection_id, data: JSON.parse(row.data) as Record<string, string>, expiresAt: row.expires_at };
    },
  };
}

/**
 * Replay-refusal functions over a Kysely instance.
 *
 * @example
 * if (!(await ssoReplayRepo(db).claim(`${connectionId}:${assertionId}`, notOnOrAfter))) refuse();
 */
export function ssoReplayRepo(db: Kysely<SsoDatabase>): SsoReplayRepo {
  return {
    async claim(key, expiresAt, now = new Date()) {
      await db.deleteFrom('sso_replays').where('expires_at', '<', now.toISOString()).execute();
      try {
        await db.insertInto('sso_replays').values({ key: sha256(key), expires_at: expiresAt.toISOString() }).execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
  };
}

/**
 * Subject-link functions over a Kysely instance.
 *
 * @example
 * await ssoIdentityRepo(db).link(connectionId, 'okta|00u1', user.id);
 */
export function ssoIdentityRepo(db: Kysely<SsoDatabase>): SsoIdentityRepo {
  return {
    async userOf(connectionId, subject) {
      const r = await db.selectFrom('sso_identities').select('user_id').where('connection_id', '=', connectionId).where('subject', '=', subject).executeTakeFirst();
      return r?.user_id;
    },
    async link(connectionId, subject, userId) {
      await db
        .insertInto('sso_identities')
        .values({ connection_id: connectionId, subject, user_id: userId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['connection_id', 'subject']).doUpdateSet({ user_id: userId }))
        .execute();
    },
  };
}
