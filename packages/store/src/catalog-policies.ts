import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { nowIso } from './time.ts';

/** Row of `catalog_policies`: `allow` is a JSON array of integration slugs. */
export interface CatalogPolicyTable {
  workspace_id: string;
  allow: string;
  updated_at: string;
}

/**
 * A workspace's catalog allow-list, as stored.
 *
 * @example
 * const p: StoredCatalogPolicy = { allow: ['webhook', 'slack'], updatedAt: '2026-01-01T00:00:00.000Z' };
 */
export interface StoredCatalogPolicy {
  allow: string[];
  updatedAt: string;
}

/** Per-workspace catalog allow-lists (validation is the caller's: the host knows the slug rules). */
export interface CatalogPolicyRepo {
  /** The policy, or undefined when the workspace has no restriction. */
  get(workspaceId: string): Promise<StoredCatalogPolicy | undefined>;
  /** Sets the allow-list; `undefined` removes the restriction. */
  set(workspaceId: string, allow: readonly string[] | undefined): Promise<void>;
}

/**
 * Catalog allow-lists over a store's database (migration `0005_catalog_policy`).
 *
 * @example
 * const policies = catalogPolicyRepo(store.db);
 * await policies.set(workspaceId, ['webhook']);
 * (await policies.get(workspaceId))?.allow; // ['webhook']
 */
export function catalogPolicyRepo(db: Kysely<Database>): CatalogPolicyRepo {
  const t = db as unknown as Kysely<{ catalog_policies: CatalogPolicyTable }>;
  return {
    async get(workspaceId) {
      const row = await t.selectFrom('catalog_policies').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
      return row ? { allow: JSON.parse(row.allow) as string[], updatedAt: row.updated_at } : undefined;
    },
    async set(workspaceId, allow) {
      if (allow === undefined) {
        await t.deleteFrom('catalog_policies').where('workspace_id', '=', workspaceId).execute();
        return;
      }
      const values = { workspace_id: workspaceId, allow: JSON.stringify([...allow]), updated_at: nowIso() };
      await t
        .insertInto('catalog_policies')
        .values(values)
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ allow: values.allow, updated_at: values.updated_at }))
        .execute();
    },
  };
}
