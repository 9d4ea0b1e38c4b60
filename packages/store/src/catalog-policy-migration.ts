import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0005_catalog_policy` (placeholder: filled in by its owner).
 *
 * @example
 * const migrations = { …, '0005_catalog_policy': catalogPolicyMigration };
 */
export const catalogPolicyMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
