/**
 * Workspace Health and ingest metrics: everything `@junction/store` exports for them
 * (re-exported from index.ts in one line).
 */
export { ingestMetricsRepo, type IngestMetricsRepo, type IngestCount, type IngestOutcome, type VolumeCount, type TrackedId, type MtuGroup } from './ingest-metrics.ts';
export type { HealthTables } from './ingest-metrics-schema.ts';
export { DEFAULT_HEALTH_THRESHOLDS, mergeThresholds, type HealthThresholds, type Limit } from './health-thresholds.ts';
export { healthSettingsRepo, checkWebhookUrl, type HealthSettings, type HealthSettingsRepo } from './health-settings.ts';
export { healthStateRepo, type HealthStateRepo, type HealthState, type ResourceKey, type StoredHealthState, type Incident } from './health-states.ts';
