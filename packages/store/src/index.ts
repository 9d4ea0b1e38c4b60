/**
 * @junction/store: Junction's persistence on SQLite (embedded) or PostgreSQL (scale-out), one
 * schema and one `Store` interface. See README.md for the schema, durability and the event log.
 */
export { openStore, type StoreOptions, type CommonStoreOptions } from './open-store.ts';
export type { Store } from './store.ts';
export type { BackendKind, SqliteSynchronous } from './backend.ts';
export type { GroupCommitOptions } from './group-commit.ts';
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
