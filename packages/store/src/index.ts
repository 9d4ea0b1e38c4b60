/**
 * @junction/store: Junction's persistence on SQLite (embedded) or PostgreSQL (scale-out), one
 * schema and one `Store` interface. See README.md for the schema, durability and the event log.
 */
export { openStore, type StoreOptions, type CommonStoreOptions } from './open-store.ts';
export type { Store } from './store.ts';
export type { BackendKind, SqliteSynchronous } from './backend.ts';
export { createGroupCommitter, type GroupCommitOptions, type GroupCommitter } from './group-commit.ts';
export type { ReadLogOptions } from './log-read.ts';
export type { WorkspaceRepo } from './workspaces.ts';
export type { SourceRepo } from './sources.ts';
export type { WriteKeyRepo } from './write-keys.ts';
export type { DestinationRepo, DestinationInput } from './destinations.ts';
export type * from './types.ts';
export type { Database } from './schema.ts';
export { StoreError, InvalidInputError, NotFoundError, ConflictError } from './errors.ts';
export { DEFAULT_PARTITIONS, partitionOf, fnv1a32 } from './partition.ts';
export { newId, newWriteKey } from './ids.ts';
export { migrations } from './migrations.ts';
export { openDeliveryStore, type DeliveryStore } from './delivery-store.ts';
export type { DeliveryDatabase, DeliveryTables } from './delivery-schema.ts';
export type { Subscription, StoredFilter, SubscriptionInput, FilterInput, DeliveryConfigRepo } from './delivery-config.ts';
export type { CursorRow, CursorRepo } from './delivery-cursors.ts';
export type { RetryRow, RetryUpdate, RetryRepo } from './delivery-retries.ts';
export type { FailureRow, FailureQuery, FailureRepo } from './delivery-failures.ts';
export type { MetricCount, LatencyCount, MetricsRepo } from './delivery-metrics.ts';
export type { LogPositionRepo } from './delivery-log.ts';
export type { LaneCommit } from './delivery-commit.ts';
export { openAdminStore, type AdminStore, type SourceMetadataRepo } from './admin-store.ts';
export type { AdminDatabase, AdminTables } from './admin-schema.ts';
export { hashToken, newTokenPlaintext, TOKEN_PREFIX_LENGTH, type ApiToken, type ApiTokenInput, type ApiTokenRepo } from './api-tokens.ts';
export type { AuditEvent, AuditEventInput, AuditCursor, AuditQuery, AuditEventRepo } from './audit-events.ts';
export { BUILT_IN_LABELS, checkLabel, type Label, type LabelRepo } from './labels.ts';
export { checkContacts, type Contact, type WorkspaceSettings, type WorkspaceSettingsRepo } from './workspace-settings.ts';
export { catalogPolicyRepo, type CatalogPolicyRepo, type StoredCatalogPolicy } from './catalog-policies.ts';
export * from './iam-store.ts';
export * from './health-exports.ts';
export * from './identity-store.ts';
export { warehouseRepo, type Warehouse, type WarehouseConnection, type WarehouseInput, type WarehouseRepo } from './warehouses.ts';
export * from './sso-store.ts';
