import { IntegrationError } from '@junction/core';
import { getPool } from './pg-pool-cache.ts';
import { toWarehouseError } from './postgres-warehouse-errors.ts';
import type { PostgresWarehouseSettings } from './postgres-warehouse-settings.ts';

/**
 * "Test connection": connects, then checks the server is writable and the user may create the
 * schema (or create tables in it). Throws `INVALID_CREDENTIALS`, `FORBIDDEN`, `NETWORK_ERROR`… with
 * a message saying what to fix.
 *
 * @example
 * await checkWarehouseConnection({ connectionString, schema: 'web', sslMode: 'disable' }); // resolves when loads can work
 */
export async function checkWarehouseConnection(settings: PostgresWarehouseSettings): Promise<void> {
  let row: { user: string; read_only: boolean; schema_exists: boolean; can_create: boolean };
  try {
    const res = await getPool(settings).query(
      `SELECT current_user AS user, pg_is_in_recovery() AS read_only,
              EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema_exists,
              COALESCE((SELECT has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = $1),
                       has_database_privilege(current_database(), 'CREATE')) AS can_create`,
      [settings.schema],
    );
    row = res.rows[0];
  } catch (err) {
    throw toWarehouseError(err);
  }
  if (row.read_only) throw new IntegrationError('FORBIDDEN', 'the server is a read-only standby: connect to the primary');
  if (!row.can_create) {
    const what = row.schema_exists ? `CREATE on schema "${settings.schema}"` : 'CREATE on the database (to create the schema)';
    throw new IntegrationError('FORBIDDEN', `user "${row.user}" lacks ${what}: GRANT it, or pick another schema`);
  }
}
