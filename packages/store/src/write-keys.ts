import type { Kysely } from 'kysely';
import { ConflictError, InvalidInputError, isUniqueViolation } from './errors.ts';
import { newWriteKey } from './ids.ts';
import type { Database } from './schema.ts';
import type { SourceCache } from './source-cache.ts';
import { nowIso } from './time.ts';
import type { Source, WriteKey } from './types.ts';

/** Write-key repository. */
export interface WriteKeyRepo {
  /** Adds a write key to a source; generates a 32-char key unless `key` is given. */
  create(sourceId: string, key?: string): Promise<WriteKey>;
  list(sourceId: string): Promise<WriteKey[]>;
  /** Revokes a key. False when absent. */
  delete(key: string): Promise<boolean>;
  /** The source a key belongs to (enabled or not), from the in-process cache when fresh. */
  findSource(key: string): Promise<Source | undefined>;
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * Write-key functions; every change clears the shared source cache.
 *
 * @example
 * const { key } = await writeKeyRepo(db, cache).create(source.id);
 */
export function writeKeyRepo(db: Kysely<Database>, cache: SourceCache): WriteKeyRepo {
  return {
    async create(sourceId, key) {
      if (key !== undefined && !KEY.test(key)) {
        throw new InvalidInputError('writeKey must be 8-128 characters of A-Z, a-z, 0-9, "_" and "-"');
      }
      const src = await db.selectFrom('sources').select('id').where('id', '=', sourceId).executeTakeFirst();
      if (!src) throw new InvalidInputError(`writeKey.sourceId: source "${sourceId}" not found`);
      const row = { key: key ?? newWriteKey(), source_id: sourceId, created_at: nowIso() };
      try {
        await db.insertInto('write_keys').values(row).execute();
      } catch (err) {
        // Never echo the key itself: it is a credential.
        if (isUniqueViolation(err)) throw new ConflictError('this write key already exists');
        throw err;
      } finally {
        cache.clear();
      }
      return { key: row.key, sourceId, createdAt: row.created_at };
    },
    async list(sourceId) {
      const rows = await db.selectFrom('write_keys').selectAll().where('source_id', '=', sourceId).orderBy('created_at').orderBy('key').execute();
      return rows.map((r) => ({ key: r.key, sourceId: r.source_id, createdAt: r.created_at }));
    },
    async delete(key) {
      const r = await db.deleteFrom('write_keys').where('key', '=', key).executeTakeFirst();
      cache.clear();
      return Number(r.numDeletedRows) > 0;
    },
    findSource(key) {
      return cache.byWriteKey(key);
    },
  };
}
