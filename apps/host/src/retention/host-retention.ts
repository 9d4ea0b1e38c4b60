import { ingestMetricsRepo, openAdminStore, openIdentityStore, type Store } from '@junction/store';
import { SESSION_DEFAULTS } from '../console/identity/index.ts';
import { type Retention, startRetention } from './retention.ts';
import { auditRetentionJob, ingestMetricsRetentionJob, sessionRetentionJob } from './retention-jobs.ts';

/** Retention periods the host reads from its environment (besides `AUDIT_RETENTION_DAYS`, read by `loadConfig`). */
export interface RetentionEnv {
  /** INGEST_METRICS_RETENTION_DAYS (default 90): per-minute ingest counts and event volume. */
  ingestMetricsDays: number;
  /** MTU_RETENTION_DAYS (default 400): MTU ids, so a year of monthly MTU stays answerable. */
  mtuDays: number;
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 36_500) throw new Error(`${name} must be an integer between 1 and 36500 (days), got "${text}"`);
  return value;
}

/**
 * Reads {@link RetentionEnv}; a bad value throws an Error naming the variable.
 *
 * @example
 * readRetentionEnv({ MTU_RETENTION_DAYS: '90' }); // { ingestMetricsDays: 90, mtuDays: 90 }
 */
export function readRetentionEnv(env: NodeJS.ProcessEnv = process.env): RetentionEnv {
  return { ingestMetricsDays: days(env, 'INGEST_METRICS_RETENTION_DAYS', 90), mtuDays: days(env, 'MTU_RETENTION_DAYS', 400) };
}

/**
 * Starts the host's retention timers (hourly, and once at start): audit trail, ingest metrics
 * and expired console sessions.
 *
 * @example
 * const retention = startHostRetention(store, { auditRetentionDays: config.auditRetentionDays, env: process.env });
 * retention.stop();
 */
export function startHostRetention(store: Store, o: { auditRetentionDays: number; env?: NodeJS.ProcessEnv; sessionIdleMinutes?: number; log?: (line: string) => void }): Retention {
  const env = readRetentionEnv(o.env);
  return startRetention({
    jobs: [
      auditRetentionJob(openAdminStore(store).auditEvents, o.auditRetentionDays),
      ingestMetricsRetentionJob(ingestMetricsRepo(store.db), { metricsDays: env.ingestMetricsDays, mtuDays: env.mtuDays }),
      sessionRetentionJob(openIdentityStore(store).sessions, o.sessionIdleMinutes ?? SESSION_DEFAULTS.idleMinutes),
    ],
    ...(o.log ? { log: o.log } : {}),
  });
}
