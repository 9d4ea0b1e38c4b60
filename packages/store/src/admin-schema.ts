/**
 * Kysely table types of the admin API's tables (migration `0003_admin`). Same conventions as
 * `schema.ts`: ISO-8601 UTC text timestamps, JSON as text, booleans as 0/1 integers.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** An admin API token: only the SHA-256 of the plaintext is kept, plus a display prefix. */
export interface ApiTokenTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Role the token was issued with (e.g. `WORKSPACE_OWNER`). */
  role: string;
  /** Hex SHA-256 of the plaintext token (unique). */
  token_hash: string;
  /** First characters of the plaintext, for display. */
  prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** One audit-trail entry; before/after are JSON text with secrets already redacted. */
export interface AuditEventTable {
  id: string;
  workspace_id: string;
  created_at: string;
  type: string;
  actor: string;
  actor_email: string | null;
  resource_id: string;
  resource_type: string;
  resource_name: string;
  before: string | null;
  after: string | null;
}

/** A workspace label `key:value`. */
export interface LabelTable {
  workspace_id: string;
  key: string;
  value: string;
  description: string;
  created_at: string;
}

/** A label attached to a resource (one value per key per resource). */
export interface ResourceLabelTable {
  workspace_id: string;
  resource_type: string;
  resource_id: string;
  key: string;
  value: string;
}

/** Per-workspace settings the workspaces table has no column for. */
export interface WorkspaceSettingsTable {
  workspace_id: string;
  /** JSON array of `{ name, email }`. */
  billing_contacts: string;
  /** JSON array of `{ name, email }`. */
  incident_contacts: string;
  updated_at: string;
}

/** The catalog type (metadata id) a source was created from. */
export interface SourceMetadataTable {
  source_id: string;
  metadata_id: string;
}

/** The admin tables. */
export interface AdminTables {
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  labels: LabelTable;
  resource_labels: ResourceLabelTable;
  workspace_settings: WorkspaceSettingsTable;
  source_metadata: SourceMetadataTable;
}

/** The store's database plus the admin tables. */
export type AdminDatabase = Database & AdminTables;

/**
 * Views a store's Kysely instance with the admin tables typed (same connection).
 *
 * @example
 * const db = adminDb(store.db);
 * await db.selectFrom('labels').selectAll().execute();
 */
export function adminDb(db: Kysely<Database>): Kysely<AdminDatabase> {
  return db as unknown as Kysely<AdminDatabase>;
}
