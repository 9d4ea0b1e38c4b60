import type pg from 'pg';
import { type ColumnKind, inferKind, kindOfPgType, SQL_TYPE_OF } from './column-types.ts';
import { quoteIdent } from './snake-case.ts';
import type { WarehouseRow } from './warehouse-rows.ts';

/**
 * An existing column: its kind and, for `varchar(n)`, its length.
 *
 * @example
 * const c: ColumnInfo = { kind: 'text', maxLength: 512 };
 */
export interface ColumnInfo {
  kind: ColumnKind;
  maxLength?: number | undefined;
}

/**
 * The columns of the tables a load touches, by table then column; `schemaExists` tells whether
 * `CREATE SCHEMA` is needed.
 *
 * @example
 * const state = await readSchemaState(client, 'web', ['tracks']); // state.tables.get('tracks')?.get('id')?.kind === 'text'
 */
export interface SchemaState {
  schemaExists: boolean;
  tables: Map<string, Map<string, ColumnInfo>>;
}

/**
 * The DDL a load needs before inserting, and what it changes.
 *
 * @example
 * const plan = planSchemaChanges('web', state, rows); // plan.statements: ['CREATE TABLE IF NOT EXISTS "web"."tracks" (…)']
 */
export interface SchemaPlan {
  statements: string[];
  tablesCreated: string[];
  /** `table.column sqltype`, e.g. `order_completed.total double precision`. */
  columnsAdded: string[];
}

/** Columns every event table starts with (Segment's `id`, `uuid`, `uuid_ts` and the four timestamps). */
type BaseColumn = readonly [name: string, sql: string, kind: ColumnKind];
const USERS_BASE: readonly BaseColumn[] = [
  ['id', 'text PRIMARY KEY', 'text'],
  ['uuid', 'uuid', 'uuid'],
  ['uuid_ts', 'timestamptz NOT NULL DEFAULT now()', 'timestamp'],
  ['received_at', 'timestamptz', 'timestamp'],
];
const EVENT_BASE: readonly BaseColumn[] = [
  ...USERS_BASE,
  ['sent_at', 'timestamptz', 'timestamp'],
  ['timestamp', 'timestamptz', 'timestamp'],
  ['original_timestamp', 'timestamptz', 'timestamp'],
];

function baseColumns(table: string): readonly BaseColumn[] {
  return table === 'users' ? USERS_BASE : EVENT_BASE;
}

/**
 * Reads which of the tables exist in the schema and their columns (one catalog query).
 *
 * @example
 * const state = await readSchemaState(client, 'web', ['tracks', 'order_completed']);
 */
export async function readSchemaState(client: pg.ClientBase, schema: string, tables: string[]): Promise<SchemaState> {
  const res = await client.query<{ schema_exists: boolean; table_name: string | null; column_name: string | null; data_type: string | null; max_length: number | null }>(
    `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema_exists, c.table_name, c.column_name, c.data_type, c.character_maximum_length AS max_length
       FROM (SELECT 1) AS one
       LEFT JOIN information_schema.columns c ON c.table_schema = $1 AND c.table_name = ANY($2::text[])`,
    [schema, tables],
  );
  const state: SchemaState = { schemaExists: res.rows[0]?.schema_exists ?? false, tables: new Map() };
  for (const row of res.rows) {
    if (!row.table_name || !row.column_name || !row.data_type) continue;
    const columns = state.tables.get(row.table_name) ?? new Map<string, ColumnInfo>();
    state.tables.set(row.table_name, columns);
    columns.set(row.column_name, { kind: kindOfPgType(row.data_type), maxLength: row.max_length ?? undefined });
  }
  return state;
}

/**
 * Plans the DDL for the rows: `CREATE SCHEMA`, `CREATE TABLE` for new tables, one `ALTER TABLE …
 * ADD COLUMN IF NOT EXISTS` per table with new columns. A new column's type comes from the first
 * non-null value in the batch. Updates `state` with the planned columns.
 *
 * @example
 * const plan = planSchemaChanges('web', await readSchemaState(client, 'web', ['tracks']), rows);
 * for (const sql of plan.statements) await client.query(sql);
 */
export function planSchemaChanges(schema: string, state: SchemaState, rows: WarehouseRow[]): SchemaPlan {
  const plan: SchemaPlan = { statements: [], tablesCreated: [], columnsAdded: [] };
  const q = quoteIdent(schema);
  if (!state.schemaExists) plan.statements.push(`CREATE SCHEMA IF NOT EXISTS ${q}`);
  const newColumns = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let existing = state.tables.get(row.table);
    if (!existing) {
      existing = new Map(baseColumns(row.table).map(([name, , kind]) => [name, { kind }]));
      state.tables.set(row.table, existing);
      newColumns.set(row.table, new Map());
      plan.tablesCreated.push(row.table);
    }
    for (const [column, value] of row.columns) {
      if (existing.has(column)) continue;
      const kind = inferKind(value);
      existing.set(column, { kind });
      const added = newColumns.get(row.table) ?? new Map<string, string>();
      newColumns.set(row.table, added);
      added.set(column, SQL_TYPE_OF[kind]);
    }
  }
  for (const [table, added] of newColumns) {
    const target = `${q}.${quoteIdent(table)}`;
    const defs = [...added].map(([column, type]) => `${quoteIdent(column)} ${type}`);
    for (const [column, type] of added) plan.columnsAdded.push(`${table}.${column} ${type}`);
    if (plan.tablesCreated.includes(table)) {
      const base = baseColumns(table).map(([name, sql]) => `${quoteIdent(name)} ${sql}`);
      plan.statements.push(`CREATE TABLE IF NOT EXISTS ${target} (${[...base, ...defs].join(', ')})`);
    } else {
      plan.statements.push(`ALTER TABLE ${target} ${defs.map((d) => `ADD COLUMN IF NOT EXISTS ${d}`).join(', ')}`);
    }
  }
  return plan;
}
