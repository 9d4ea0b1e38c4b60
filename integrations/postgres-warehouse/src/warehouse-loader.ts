import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { coerce, type FlatValue } from './column-types.ts';
import { quoteIdent } from './snake-case.ts';
import { planSchemaChanges, readSchemaState, type SchemaState } from './warehouse-schema.ts';
import { rowsForEvent, type WarehousePayload, type WarehouseRow } from './warehouse-rows.ts';

/** PostgreSQL's limit on bind parameters per statement. */
const MAX_PARAMS = 65_535;
const MAX_ROWS_PER_INSERT = 1000;

/**
 * A value that did not fit the column's existing type: stored as NULL, counted here.
 *
 * @example
 * const c: TypeConflict = { table: 'order_completed', column: 'total', columnKind: 'float', valueType: 'string', count: 2 };
 */
export interface TypeConflict {
  table: string;
  column: string;
  columnKind: string;
  valueType: string;
  count: number;
}

/**
 * What one load did.
 *
 * @example
 * const r: LoadResult = { events: 3, rows: { tracks: 1, order_completed: 1, identifies: 1, users: 1 }, duplicates: 0, tablesCreated: [], columnsAdded: [], typeConflicts: [] };
 */
export interface LoadResult {
  events: number;
  /** Rows written per table (users: inserted or updated). */
  rows: Record<string, number>;
  /** Rows skipped because their id (messageId) was already loaded. */
  duplicates: number;
  tablesCreated: string[];
  columnsAdded: string[];
  typeConflicts: TypeConflict[];
}

function groupByTable(rows: WarehouseRow[]): Map<string, WarehouseRow[]> {
  const byTable = new Map<string, WarehouseRow[]>();
  for (const row of rows) {
    const list = byTable.get(row.table);
    if (list) list.push(row);
    else byTable.set(row.table, [row]);
  }
  return byTable;
}

/** Later identifies win; rows are ordered by received_at first so a replay cannot roll a user back. */
function mergeUsers(rows: WarehouseRow[]): WarehouseRow[] {
  const time = (r: WarehouseRow) => {
    const t = r.columns.get('received_at');
    return typeof t === 'string' ? Date.parse(t) || 0 : 0;
  };
  const merged = new Map<FlatValue, WarehouseRow>();
  for (const row of [...rows].sort((a, b) => time(a) - time(b))) {
    const id = row.columns.get('id')!;
    const prev = merged.get(id);
    merged.set(id, prev ? { table: 'users', columns: new Map([...prev.columns, ...row.columns]) } : row);
  }
  return [...merged.values()];
}

function insertSql(schema: string, table: string, columns: string[], rowCount: number): string {
  const target = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const tuples: string[] = [];
  for (let r = 0; r < rowCount; r++) tuples.push(`(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
  const head = `INSERT INTO ${target} AS t (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}`;
  if (table !== 'users') return `${head} ON CONFLICT (id) DO NOTHING`;
  const updates = columns.filter((c) => c !== 'id' && c !== 'uuid').map((c) => `${quoteIdent(c)} = COALESCE(EXCLUDED.${quoteIdent(c)}, t.${quoteIdent(c)})`);
  return `${head} ON CONFLICT (id) DO UPDATE SET ${[...updates, 'uuid_ts = now()'].join(', ')}
    WHERE t.received_at IS NULL OR EXCLUDED.received_at IS NULL OR t.received_at <= EXCLUDED.received_at`;
}

async function insertTable(client: pg.ClientBase, schema: string, state: SchemaState, table: string, rows: WarehouseRow[], conflicts: Map<string, TypeConflict>): Promise<number> {
  const info = state.tables.get(table)!;
  const columns = [...(info.has('uuid') ? ['uuid'] : []), ...new Set(rows.flatMap((r) => [...r.columns.keys()]))];
  const values = rows.map((row) =>
    columns.map((column) => {
      if (column === 'uuid') return randomUUID();
      const value = row.columns.get(column);
      if (value === undefined) return null;
      const col = info.get(column)!;
      const result = coerce(value, col.kind, col.maxLength);
      if (result.ok) return result.value;
      const key = `${table}.${column}.${typeof value}`;
      const c = conflicts.get(key) ?? { table, column, columnKind: col.kind, valueType: typeof value, count: 0 };
      c.count++;
      conflicts.set(key, c);
      return null;
    }),
  );
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS / columns.length)));
  let written = 0;
  for (let i = 0; i < values.length; i += perStatement) {
    const chunk = values.slice(i, i + perStatement);
    const res = await client.query(insertSql(schema, table, columns, chunk.length), chunk.flat());
    written += res.rowCount ?? 0;
  }
  return written;
}

async function prepareSchema(client: pg.ClientBase, schema: string, rows: WarehouseRow[], tables: string[]) {
  let state = await readSchemaState(client, schema, tables);
  let plan = planSchemaChanges(schema, state, rows);
  if (plan.statements.length > 0) {
    // Serialise DDL per schema across loaders (and hosts), then plan again on what is there now.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`junction-warehouse:${schema}`]);
    state = await readSchemaState(client, schema, tables);
    plan = planSchemaChanges(schema, state, rows);
    for (const sql of plan.statements) await client.query(sql);
  }
  return { state, plan };
}

/**
 * Loads events into the schema in one transaction: creates the schema, tables and columns the
 * events need, then one multi-row `INSERT … ON CONFLICT (id) DO NOTHING` per table (chunked under
 * the 65,535-parameter limit), and upserts `users`. Re-loading the same messageIds writes nothing.
 * Throws the `pg` error (the transaction is rolled back).
 *
 * @example
 * const client = await pool.connect();
 * try { const result = await loadEvents(client, 'web', payloads); } finally { client.release(); }
 */
export async function loadEvents(client: pg.ClientBase, schema: string, payloads: WarehousePayload[]): Promise<LoadResult> {
  const byTable = groupByTable(payloads.flatMap(rowsForEvent));
  const users = byTable.get('users');
  if (users) byTable.set('users', mergeUsers(users));
  const rows = [...byTable.values()].flat();
  const tables = [...byTable.keys()];
  const result: LoadResult = { events: payloads.length, rows: {}, duplicates: 0, tablesCreated: [], columnsAdded: [], typeConflicts: [] };
  if (rows.length === 0) return result;
  await client.query('BEGIN');
  try {
    const { state, plan } = await prepareSchema(client, schema, rows, tables);
    const conflicts = new Map<string, TypeConflict>();
    for (const [table, tableRows] of byTable) {
      const written = await insertTable(client, schema, state, table, tableRows, conflicts);
      result.rows[table] = written;
      if (table !== 'users') result.duplicates += tableRows.length - written;
    }
    await client.query('COMMIT');
    Object.assign(result, { tablesCreated: plan.tablesCreated, columnsAdded: plan.columnsAdded, typeConflicts: [...conflicts.values()] });
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
