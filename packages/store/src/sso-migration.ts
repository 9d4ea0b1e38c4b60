import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0009_sso` (placeholder: filled in by its owner).
 *
 * @example
 * const migrations = { …, '0009_sso': ssoMigration };
 */
export const ssoMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
