import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { toSource } from './sources.ts';
import type { Source } from './types.ts';

/** In-process cache of sources by write key and by id (negative results cached too). */
export interface SourceCache {
  byWriteKey(key: string): Promise<Source | undefined>;
  byId(id: string): Promise<Source | undefined>;
  /** Forgets everything; called on every local change to sources or write keys. */
  clear(): void;
}

interface Entry {
  source: Source | undefined;
  expires: number;
}

const MAX_ENTRIES = 10_000;

/**
 * A TTL cache in front of the write-key lookup the tracking API makes on every request. Local
 * changes clear it at once; changes made by another host show after at most `ttlMs`.
 *
 * @example
 * const cache = createSourceCache(db, 5000);
 * const source = await cache.byWriteKey('q8Zk…');
 */
export function createSourceCache(db: Kysely<Database>, ttlMs: number): SourceCache {
  const keys = new Map<string, Entry>();
  const ids = new Map<string, Entry>();
  let generation = 0;

  async function lookup(map: Map<string, Entry>, k: string, load: () => Promise<Source | undefined>) {
    const hit = map.get(k);
    if (hit && hit.expires > Date.now()) return hit.source;
    const gen = generation;
    const source = await load();
    // A change that happened while loading makes the result possibly stale: don't cache it.
    if (gen === generation && ttlMs > 0) {
      if (map.size >= MAX_ENTRIES) map.clear();
      map.set(k, { source, expires: Date.now() + ttlMs });
    }
    return source;
  }

  return {
    byWriteKey(key) {
      return lookup(keys, key, async () => {
        const r = await db
          .selectFrom('write_keys')
          .innerJoin('sources', 'sources.id', 'write_keys.source_id')
          .selectAll('sources')
          .where('write_keys.key', '=', key)
          .executeTakeFirst();
        return r && toSource(r);
      });
    },
    byId(id) {
      return lookup(ids, id, async () => {
        const r = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
        return r && toSource(r);
      });
    },
    clear() {
      generation++;
      keys.clear();
      ids.clear();
    },
  };
}
