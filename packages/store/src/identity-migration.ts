import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0008_identity` (placeholder: filled in by its owner).
 *
 * @example
 * const migrations = { …, '0008_identity': identityMigration };
 */
export const identityMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
