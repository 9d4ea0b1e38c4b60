import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AdminDatabase, ApiTokenTable } from './admin-schema.ts';
import { ConflictError, InvalidInputError, isUniqueViolation } from './errors.ts';
import { grantRepo } from './iam-grants.ts';
import type { IamDatabase } from './iam-schema.ts';
import type { EffectiveGrant } from './iam-types.ts';
import { newId, randomBase62 } from './ids.ts';
import { nowIso } from './time.ts';
import { checkText } from './validate.ts';

/**
 * An admin API token as listed: never the plaintext, only its first characters (`prefix`).
 *
 * @example
 * const t: ApiToken = { id, workspaceId, name: 'CI', role: 'WORKSPACE_OWNER', prefix: 'jct_4fQz', createdBy: null, createdAt, lastUsedAt: null };
 */
export interface ApiToken {
  id: string;
  workspaceId: string;
  name: string;
  role: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Fields of a new token; `plaintext` is generated unless given (bootstrap tokens). */
export interface ApiTokenInput {
  workspaceId: string;
  name: string;
  role: string;
  plaintext?: string;
  createdBy?: string | null;
}

/** Admin API tokens, stored as SHA-256 hashes. */
export interface ApiTokenRepo {
  /** Creates a token; the plaintext is returned here and never again. */
  create(input: ApiTokenInput): Promise<{ token: ApiToken; plaintext: string }>;
  /** The token whose plaintext this is, or undefined. */
  findByPlaintext(plaintext: string): Promise<ApiToken | undefined>;
  get(id: string): Promise<ApiToken | undefined>;
  list(workspaceId: string): Promise<ApiToken[]>;
  /** Records a use (best effort). */
  touch(id: string, at?: string): Promise<void>;
  /** Deletes the token and its grants. */
  delete(id: string): Promise<boolean>;
  /**
   * The token's grants for authorization (rows of `iam_grants` with subject `token`); a token with
   * none holds its `role` on the whole workspace (tokens issued with one role).
   */
  grants(token: ApiToken): Promise<EffectiveGrant[]>;
}

/** Length of the displayed prefix (`jct_` + 4 characters). */
export const TOKEN_PREFIX_LENGTH = 8;
const PLAINTEXT = /^[A-Za-z0-9_.~+/=-]{16,512}$/;

/**
 * Hex SHA-256 of a token's plaintext (what is stored and looked up).
 *
 * @example
 * hashToken('jct_abc…'); // '9f86d0…' (64 hex chars)
 */
export function hashToken(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

/**
 * A new token plaintext: `jct_` + 40 base62 characters (~238 bits).
 *
 * @example
 * newTokenPlaintext(); // 'jct_Q8ZkX…'
 */
export function newTokenPlaintext(): string {
  return `jct_${randomBase62(40)}`;
}

function toToken(r: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    role: r.role,
    prefix: r.prefix,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}

/**
 * API token functions over a Kysely instance.
 *
 * @example
 * const { token, plaintext } = await apiTokenRepo(db).create({ workspaceId, name: 'CI', role: 'WORKSPACE_OWNER' });
 * (await apiTokenRepo(db).findByPlaintext(plaintext))?.id === token.id; // true
 */
export function apiTokenRepo(db: Kysely<AdminDatabase>): ApiTokenRepo {
  const grants = grantRepo(db as unknown as Kysely<IamDatabase>);
  return {
    async create(input) {
      const plaintext = input.plaintext ?? newTokenPlaintext();
      // Never echo the plaintext in an error: it is a credential.
      if (typeof plaintext !== 'string' || !PLAINTEXT.test(plaintext)) {
        throw new InvalidInputError('apiToken.plaintext must be 16-512 characters of A-Z, a-z, 0-9 and _.~+/=-');
      }
      const ws = await db.selectFrom('workspaces').select('id').where('id', '=', input.workspaceId).executeTakeFirst();
      if (!ws) throw new InvalidInputError(`apiToken.workspaceId: workspace "${input.workspaceId}" not found`);
      const row = {
        id: newId(),
        workspace_id: input.workspaceId,
        name: checkText('apiToken.name', input.name),
        role: checkText('apiToken.role', input.role, 64),
        token_hash: hashToken(plaintext),
        prefix: plaintext.slice(0, TOKEN_PREFIX_LENGTH),
        created_by: input.createdBy ?? null,
        created_at: nowIso(),
        last_used_at: null,
      };
      try {
        await db.insertInto('api_tokens').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('this API token already exists');
        throw err;
      }
      return { token: toToken(row), plaintext };
    },
    async findByPlaintext(plaintext) {
      if (typeof plaintext !== 'string' || plaintext === '') return undefined;
      const r = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(plaintext)).executeTakeFirst();
      return r && toToken(r);
    },
    async get(id) {
      const r = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toToken(r);
    },
    async list(workspaceId) {
      const rows = await db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toToken);
    },
    async touch(id, at = nowIso()) {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async delete(id) {
      const token = await db.selectFrom('api_tokens').select('workspace_id').where('id', '=', id).executeTakeFirst();
      if (!token) return false;
      await grants.removeSubject(token.workspace_id, { type: 'token', id });
      const r = await db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async grants(token) {
      const rows = await grants.effective(token.workspaceId, [{ type: 'token', id: token.id }]);
      return rows.length > 0 ? rows : [{ roleId: token.role, scope: { kind: 'workspace' } }];
    },
  };
}
