/**
 * A warehouse: a catalog entry of the Warehouses category (`integration`, pinned `pluginVersion`)
 * with its own settings, connected to sources through `warehouse_connections`.
 *
 * @example
 * const w: Warehouse = { id, workspaceId, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics', enabled: true, settings: '{"schema":"web"}', createdAt, updatedAt };
 */
export interface Warehouse {
  id: string;
  workspaceId: string;
  /** Slug of the integration plugin (catalog id, the warehouse's `metadataId`). */
  integration: string;
  pluginVersion: string;
  name: string;
  enabled: boolean;
  /** Opaque text (the host encrypts secrets before storing, exactly like destination settings). */
  settings: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Fields accepted when creating a warehouse.
 *
 * @example
 * const input: WarehouseInput = { workspaceId, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics', settings: sealed };
 */
export interface WarehouseInput {
  workspaceId: string;
  integration: string;
  pluginVersion: string;
  name: string;
  enabled?: boolean;
  /** Opaque text. Default '{}'. */
  settings?: string;
}

/**
 * One source connected to a warehouse, and the managed destination that loads its events.
 *
 * @example
 * const c: WarehouseConnection = { warehouseId, sourceId, destinationId, createdAt };
 */
export interface WarehouseConnection {
  warehouseId: string;
  sourceId: string;
  destinationId: string;
  createdAt: string;
}

/** Row of `warehouses`. */
export interface WarehouseTable {
  id: string;
  workspace_id: string;
  integration: string;
  plugin_version: string;
  name: string;
  enabled: number;
  settings: string;
  created_at: string;
  updated_at: string;
}

/** Row of `warehouse_connections`. */
export interface WarehouseConnectionTable {
  warehouse_id: string;
  source_id: string;
  destination_id: string;
  created_at: string;
}

/** The tables of migration `0007_warehouses`. */
export interface WarehouseTables {
  warehouses: WarehouseTable;
  warehouse_connections: WarehouseConnectionTable;
}
