import type { Kysely } from 'kysely';
import { InvalidInputError } from './errors.ts';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds, mergeThresholds } from './health-thresholds.ts';
import type { HealthTables } from './ingest-metrics-schema.ts';
import type { Database } from './schema.ts';
import { nowIso } from './time.ts';

/**
 * A workspace's health settings. `incidentWebhookUrl` is a secret (it often carries a token):
 * callers must not return it in clear.
 *
 * @example
 * const s: HealthSettings = { thresholds: DEFAULT_HEALTH_THRESHOLDS, incidentWebhookUrl: null, updatedAt: null };
 */
export interface HealthSettings {
  thresholds: HealthThresholds;
  incidentWebhookUrl: string | null;
  /** Null while the defaults apply. */
  updatedAt: string | null;
}

/** Per-workspace thresholds and incident webhook (table `health_settings`). */
export interface HealthSettingsRepo {
  get(workspaceId: string): Promise<HealthSettings>;
  /** Merges `thresholds` (partial) and sets/clears the webhook (`null` clears, undefined keeps). */
  update(workspaceId: string, patch: { thresholds?: unknown; incidentWebhookUrl?: string | null }): Promise<HealthSettings>;
}

/**
 * Checks an incident webhook URL (http or https, at most 2,000 characters).
 *
 * @example
 * checkWebhookUrl('https://hooks.example.com/T0/B0/x'); // returns it
 */
export function checkWebhookUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) throw new InvalidInputError('incidentWebhookUrl must be an http(s) URL of at most 2000 characters');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError('incidentWebhookUrl is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidInputError(`incidentWebhookUrl must use http or https, got ${url.protocol}`);
  return value;
}

/**
 * Health settings over a store's database (migration `0006_health`).
 *
 * @example
 * await healthSettingsRepo(store.db).update(workspaceId, { thresholds: { windowMinutes: 5 } });
 */
export function healthSettingsRepo(db: Kysely<Database>): HealthSettingsRepo {
  const t = db as unknown as Kysely<HealthTables>;
  const repo: HealthSettingsRepo = {
    async get(workspaceId) {
      const r = await t.selectFrom('health_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
      if (!r) return { thresholds: structuredClone(DEFAULT_HEALTH_THRESHOLDS) as HealthThresholds, incidentWebhookUrl: null, updatedAt: null };
      // Stored thresholds are merged onto today's defaults, so new thresholds get their default.
      return { thresholds: mergeThresholds(DEFAULT_HEALTH_THRESHOLDS, JSON.parse(r.thresholds)), incidentWebhookUrl: r.incident_webhook_url, updatedAt: r.updated_at };
    },
    async update(workspaceId, patch) {
      const current = await repo.get(workspaceId);
      const thresholds = patch.thresholds === undefined ? current.thresholds : mergeThresholds(current.thresholds, patch.thresholds);
      const webhook = patch.incidentWebhookUrl === undefined ? current.incidentWebhookUrl : patch.incidentWebhookUrl === null ? null : checkWebhookUrl(patch.incidentWebhookUrl);
      const ws = await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst();
      if (!ws) throw new InvalidInputError(`healthSettings.workspaceId: workspace "${workspaceId}" not found`);
      const row = { workspace_id: workspaceId, thresholds: JSON.stringify(thresholds), incident_webhook_url: webhook, updated_at: nowIso() };
      await t
        .insertInto('health_settings')
        .values(row)
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ thresholds: row.thresholds, incident_webhook_url: row.incident_webhook_url, updated_at: row.updated_at }))
        .execute();
      return repo.get(workspaceId);
    },
  };
  return repo;
}
