/**
 * A fresh schema in the real PostgreSQL at TEST_DATABASE_URL per test file, dropped afterwards
 * (with the plugin's pools).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { closeAllPools } from '../pg-pool-cache.ts';

export const DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:54329/postgres';

/**
 * Registers cleanup and returns the schema name, settings pointing at it, and an admin query helper.
 *
 * @example
 * const db = useWarehouseSchema('load'); await db.query('SELECT count(*) FROM ' + db.schema + '.tracks');
 */
export function useWarehouseSchema(prefix: string) {
  const schema = `pw_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  const connected = admin.connect();
  const cleanups: string[] = [`DROP SCHEMA IF EXISTS "${schema}" CASCADE`];
  afterAll(async () => {
    await closeAllPools();
    await connected;
    for (const sql of cleanups) await admin.query(sql);
    await admin.end();
  });
  return {
    schema,
    settings: { connectionString: DATABASE_URL, schema, sslMode: 'disable' } as const,
    /** Runs SQL as the admin and returns the rows. */
    async query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
      await connected;
      return (await admin.query<T>(sql, params)).rows;
    },
    /** SQL to run after the file (after the schema is dropped), e.g. DROP ROLE. */
    cleanupLater(sql: string) {
      cleanups.push(sql);
    },
    /** `column → data_type` of a table. */
    async columns(table: string): Promise<Record<string, string>> {
      const rows = await this.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        [schema, table],
      );
      return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
    },
  };
}
