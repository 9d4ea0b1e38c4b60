import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0004_iam` (placeholder: filled in by its owner).
 *
 * @example
 * const migrations = { …, '0004_iam': iamMigration };
 */
export const iamMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
