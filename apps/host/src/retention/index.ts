/** Retention timers: what the host deletes once it is past its retention (audit trail, ingest metrics, console sessions). */
export { type Retention, type RetentionJob, type RetentionOptions, startRetention } from './retention.ts';
export { auditRetentionJob, daysBefore, ingestMetricsRetentionJob, sessionRetentionJob } from './retention-jobs.ts';
export { readRetentionEnv, type RetentionEnv, startHostRetention } from './host-retention.ts';
