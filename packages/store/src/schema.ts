/**
 * Kysely table types shared by both backends. Timestamps are ISO-8601 UTC text (millisecond
 * precision, `Z` suffix) so they compare lexicographically on SQLite and PostgreSQL alike;
 * JSON columns are text. Booleans are stored as integers 0/1 (SQLite has no boolean type).
 */
export interface WorkspaceTable {
  id: string;
  slug: string;
  name: string;
  plan: string;
  created_at: string;
  updated_at: string;
}

export interface SourceTable {
  id: string;
  workspace_id: string;
  slug: string;
  name: string;
  enabled: number;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface WriteKeyTable {
  key: string;
  source_id: string;
  created_at: string;
}

export interface DestinationTable {
  id: string;
  workspace_id: string;
  source_id: string;
  integration: string;
  plugin_version: string;
  name: string;
  enabled: number;
  settings: string;
  created_at: string;
  updated_at: string;
}

/** Single row (id = 1) holding the last assigned log sequence number; its row lock orders appends. */
export interface LogHeadTable {
  id: number;
  seq: number;
}

/** Registry of event-log segments (one table per UTC day). */
export interface LogSegmentTable {
  name: string;
  day: string;
  min_seq: number;
  max_seq: number;
  created_at: string;
}

/** One event-log segment table (`event_log_<yyyymmdd>`): one row per run of events (log-runs.ts). */
export interface EventLogTable {
  /** The first seq of the row. */
  seq: number;
  /** The last seq of a run of several events; null for a row of one event. */
  last_seq: number | null;
  workspace_id: string;
  source_id: string;
  partition: number;
  message_id: string;
  type: string;
  received_at: string;
  payload: string;
  /** Per-event index of a run (JSON); null for a row of one event. */
  events: string | null;
}

/** Dedupe keys → when seen. */
export interface DedupeTable {
  key: string;
  seen_at: string;
}

/** The whole database as Kysely sees it. Segment tables are addressed by dynamic name. */
export interface Database {
  workspaces: WorkspaceTable;
  sources: SourceTable;
  write_keys: WriteKeyTable;
  destinations: DestinationTable;
  log_head: LogHeadTable;
  log_segments: LogSegmentTable;
  /** Keys as `<sourceId>/<messageId>` text: SQLite's before its dedupe runs; PostgreSQL's before migration 0011 (copied, then pruned). */
  dedupe: DedupeTable;
  /** PostgreSQL: keys as the MD5 of `<sourceId>/<messageId>` in a uuid (pg-append-migration.ts). */
  dedupe_keys: DedupeTable;
  [segment: `event_log_${string}`]: EventLogTable;
}

