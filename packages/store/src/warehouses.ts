import type { Kysely, Selectable } from 'kysely';
import { ConflictError, InvalidInputError, isUniqueViolation, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import { pluginInstanceColumns, pluginInstanceFields, pluginInstanceUpdate } from './plugin-instances.ts';
import type { Database } from './schema.ts';
import { nowIso } from './time.ts';
import type { Warehouse, WarehouseConnection, WarehouseConnectionTable, WarehouseInput, WarehouseTable, WarehouseTables } from './warehouse-types.ts';

export type { Warehouse, WarehouseConnection, WarehouseInput } from './warehouse-types.ts';

/** Warehouses and their source connections (migration `0007_warehouses`). */
export interface WarehouseRepo {
  create(input: WarehouseInput): Promise<Warehouse>;
  get(id: string): Promise<Warehouse | undefined>;
  list(workspaceId: string): Promise<Warehouse[]>;
  update(id: string, patch: { name?: string; enabled?: boolean; settings?: string }): Promise<Warehouse>;
  /** Deletes the warehouse and its connection rows (not the managed destinations: the caller deletes those). */
  delete(id: string): Promise<boolean>;
  /** Records a connection; `ConflictError` when the source is already connected to the warehouse. */
  connect(input: { warehouseId: string; sourceId: string; destinationId: string }): Promise<WarehouseConnection>;
  /** Removes a connection row; returns it (to delete its destination), or undefined when absent. */
  disconnect(warehouseId: string, sourceId: string): Promise<WarehouseConnection | undefined>;
  connection(warehouseId: string, sourceId: string): Promise<WarehouseConnection | undefined>;
  /** Connections of one warehouse, or of one source (`{ sourceId }`), oldest first. */
  connections(filter: { warehouseId: string } | { sourceId: string }): Promise<WarehouseConnection[]>;
  /** Ids of the destinations managed by warehouses in a workspace (to hide or mark them). */
  managedDestinationIds(workspaceId: string): Promise<Set<string>>;
}

function toWarehouse(r: Selectable<WarehouseTable>): Warehouse {
  return { id: r.id, workspaceId: r.workspace_id, ...pluginInstanceFields(r) };
}

function toConnection(r: Selectable<WarehouseConnectionTable>): WarehouseConnection {
  return { warehouseId: r.warehouse_id, sourceId: r.source_id, destinationId: r.destination_id, createdAt: r.created_at };
}


/**
 * Warehouse functions over a store's database.
 *
 * @example
 * const warehouses = warehouseRepo(store.db);
 * const w = await warehouses.create({ workspaceId, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics', settings: sealed });
 * await warehouses.connect({ warehouseId: w.id, sourceId, destinationId });
 */
export function warehouseRepo(db: Kysely<Database>): WarehouseRepo {
  const t = db as unknown as Kysely<WarehouseTables>;
  return {
    async create(input) {
      const ws = await db.selectFrom('workspaces').select('id').where('id', '=', input.workspaceId).executeTakeFirst();
      if (!ws) throw new InvalidInputError(`warehouse.workspaceId: workspace "${input.workspaceId}" not found`);
      const row: WarehouseTable = { id: newId(), workspace_id: ws.id, ...pluginInstanceColumns('warehouse', input) };
      await t.insertInto('warehouses').values(row).execute();
      return toWarehouse(row);
    },
    async get(id) {
      const r = await t.selectFrom('warehouses').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toWarehouse(r);
    },
    async list(workspaceId) {
      const rows = await t.selectFrom('warehouses').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toWarehouse);
    },
    async update(id, patch) {
      const r = await t.updateTable('warehouses').set(pluginInstanceUpdate('warehouse', { name: patch.name, enabled: patch.enabled, settings: patch.settings })).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError(`warehouse "${id}" not found`);
      return toWarehouse(r);
    },
    async delete(id) {
      const r = await t.deleteFrom('warehouses').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async connect(input) {
      const row: WarehouseConnectionTable = { warehouse_id: input.warehouseId, source_id: input.sourceId, destination_id: input.destinationId, created_at: nowIso() };
      try {
        await t.insertInto('warehouse_connections').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`source "${input.sourceId}" is already connected to warehouse "${input.warehouseId}"`);
        throw err;
      }
      return toConnection(row);
    },
    async disconnect(warehouseId, sourceId) {
      const r = await t.deleteFrom('warehouse_connections').where('warehouse_id', '=', warehouseId).where('source_id', '=', sourceId).returningAll().executeTakeFirst();
      return r && toConnection(r);
    },
    async connection(warehouseId, sourceId) {
      const r = await t.selectFrom('warehouse_connections').selectAll().where('warehouse_id', '=', warehouseId).where('source_id', '=', sourceId).executeTakeFirst();
      return r && toConnection(r);
    },
    async connections(filter) {
      let q = t.selectFrom('warehouse_connections').selectAll();
      q = 'warehouseId' in filter ? q.where('warehouse_id', '=', filter.warehouseId) : q.where('source_id', '=', filter.sourceId);
      const rows = await q.orderBy('created_at').orderBy('warehouse_id').orderBy('source_id').execute();
      return rows.map(toConnection);
    },
    async managedDestinationIds(workspaceId) {
      const rows = await t
        .selectFrom('warehouse_connections')
        .innerJoin('warehouses', 'warehouses.id', 'warehouse_connections.warehouse_id')
        .select('warehouse_connections.destination_id')
        .where('warehouses.workspace_id', '=', workspaceId)
        .execute();
      return new Set(rows.map((r) => r.destination_id));
    },
  };
}
