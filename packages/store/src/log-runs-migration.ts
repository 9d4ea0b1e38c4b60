import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Migration `0010_log_runs`: segment tables gain `last_seq` and `events`, so a row can hold a run
 * of events (log-runs.ts). Rows written before keep both NULL and read as rows of one event, so
 * existing segments are not rewritten (adding a nullable column is a catalog change on both backends).
 *
 * @example
 * const migrations = { …, '0010_log_runs': logRunsMigration };
 */
export const logRunsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const segments = await sql<{ name: string }>`SELECT name FROM log_segments`.execute(db);
    for (const { name } of segments.rows) {
      if (!/^event_log_\d{8}$/.test(name)) throw new Error(`log_segments holds an unexpected table name ${JSON.stringify(name)}`);
      await db.schema.alterTable(name).addColumn('last_seq', 'bigint').execute();
      await db.schema.alterTable(name).addColumn('events', 'text').execute();
    }
  },
};
