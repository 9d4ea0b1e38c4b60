import type { AuditEventRepo, IngestMetricsRepo, SessionRepo } from '@junction/store';
import type { RetentionJob } from './retention.ts';

const DAY_MS = 86_400_000;

/**
 * The instant `days` days before `now`, ISO-8601.
 *
 * @example
 * daysBefore(new Date('2026-06-29T00:00:00Z'), 90); // '2026-03-31T00:00:00.000Z'
 */
export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/**
 * Audit-trail entries older than `days` (every workspace, one statement; Segment keeps 90 days).
 *
 * @example
 * auditRetentionJob(openAdminStore(store).auditEvents, 90);
 */
export function auditRetentionJob(auditEvents: Pick<AuditEventRepo, 'pruneBefore'>, days: number): RetentionJob {
  return { name: 'audit', keeps: `${days} days`, prune: (now) => auditEvents.pruneBefore(daysBefore(now, days)) };
}

/**
 * Ingest metrics: per-minute counts and event volume older than `metricsDays` (Workspace Health,
 * delivery overview, events volume and API-call usage read them), and MTU ids of UTC days older
 * than `mtuDays` (MTU usage reads them).
 *
 * @example
 * ingestMetricsRetentionJob(ingestMetricsRepo(store.db), { metricsDays: 90, mtuDays: 400 });
 */
export function ingestMetricsRetentionJob(repo: Pick<IngestMetricsRepo, 'prune'>, days: { metricsDays: number; mtuDays: number }): RetentionJob {
  return {
    name: 'ingest-metrics',
    keeps: `${days.metricsDays} days of counts, ${days.mtuDays} days of MTU ids`,
    prune: (now) => repo.prune(daysBefore(now, days.metricsDays), daysBefore(now, days.mtuDays).slice(0, 10)),
  };
}

/**
 * Console sessions past their absolute expiry or idle for longer than `idleMinutes` (they can no
 * longer be used; sign-ins also prune them, this catches hosts where nobody signs in).
 *
 * @example
 * sessionRetentionJob(openIdentityStore(store).sessions, SESSION_DEFAULTS.idleMinutes);
 */
export function sessionRetentionJob(sessions: Pick<SessionRepo, 'prune'>, idleMinutes: number): RetentionJob {
  return { name: 'sessions', keeps: `live sessions (idle < ${idleMinutes} min)`, prune: (now) => sessions.prune(now, new Date(now.getTime() - idleMinutes * 60_000)) };
}
