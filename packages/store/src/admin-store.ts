import type { Kysely } from 'kysely';
import { type AdminDatabase, adminDb } from './admin-schema.ts';
import { type ApiTokenRepo, apiTokenRepo } from './api-tokens.ts';
import { type AuditEventRepo, auditEventRepo } from './audit-events.ts';
import { type LabelRepo, labelRepo } from './labels.ts';
import type { Store } from './store.ts';
import { type WorkspaceSettingsRepo, workspaceSettingsRepo } from './workspace-settings.ts';

/** The catalog type a source was created from (`metadataId`, e.g. `javascript`). */
export interface SourceMetadataRepo {
  set(sourceId: string, metadataId: string): Promise<void>;
  /** Metadata id per source id (absent → not recorded). */
  get(sourceIds: readonly string[]): Promise<Map<string, string>>;
}

/**
 * The admin API's persistence, over a store's database (tables of migration `0003_admin`).
 *
 * @example
 * const admin = openAdminStore(store);
 * const { plaintext } = await admin.apiTokens.create({ workspaceId, name: 'CI', role: 'WORKSPACE_OWNER' });
 */
export interface AdminStore {
  readonly db: Kysely<AdminDatabase>;
  readonly apiTokens: ApiTokenRepo;
  readonly auditEvents: AuditEventRepo;
  readonly labels: LabelRepo;
  readonly workspaceSettings: WorkspaceSettingsRepo;
  readonly sourceMetadata: SourceMetadataRepo;
}

function sourceMetadataRepo(db: Kysely<AdminDatabase>): SourceMetadataRepo {
  return {
    async set(sourceId, metadataId) {
      await db
        .insertInto('source_metadata')
        .values({ source_id: sourceId, metadata_id: metadataId })
        .onConflict((oc) => oc.column('source_id').doUpdateSet({ metadata_id: metadataId }))
        .execute();
    },
    async get(ids) {
      const out = new Map<string, string>();
      if (ids.length === 0) return out;
      const rows = await db.selectFrom('source_metadata').selectAll().where('source_id', 'in', ids).execute();
      for (const r of rows) out.set(r.source_id, r.metadata_id);
      return out;
    },
  };
}

/**
 * The admin repositories of an open store (same database, same connection pool).
 *
 * @example
 * const { auditEvents } = openAdminStore(store);
 * const { events } = await auditEvents.list({ workspaceId, type: 'Source Created' });
 */
export function openAdminStore(store: Pick<Store, 'db'>): AdminStore {
  const db = adminDb(store.db);
  return {
    db,
    apiTokens: apiTokenRepo(db),
    auditEvents: auditEventRepo(db),
    labels: labelRepo(db),
    workspaceSettings: workspaceSettingsRepo(db),
    sourceMetadata: sourceMetadataRepo(db),
  };
}
