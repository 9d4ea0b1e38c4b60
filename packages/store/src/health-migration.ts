import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0006_health` (placeholder: filled in by its owner).
 *
 * @example
 * const migrations = { …, '0006_health': healthMigration };
 */
export const healthMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
