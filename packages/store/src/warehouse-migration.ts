import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0007_warehouses` (placeholder: filled in by its owner).
 *
 * @example
 * const migrations = { …, '0007_warehouses': warehouseMigration };
 */
export const warehouseMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
