import { resolve } from 'node:path';

/** The operator contract: everything the host reads from its environment. */
export interface HostConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Requests per second allowed per writeKey on the tracking API (0 = unlimited). */
  trackingRateLimit: number;
  /** Days the audit trail keeps entries (Segment keeps 90); older entries are pruned hourly. */
  auditRetentionDays: number;
  /** Seconds between incident evaluations (HEALTH_INTERVAL_SECONDS, default 60; 0 = no notifier). */
  healthIntervalSeconds: number;
  /** SMTP server for incident mail (SMTP_URL, smtp:// or smtps://); unset = no email. Secret. */
  smtpUrl: string | undefined;
  /** Sender of incident mail (MAIL_FROM). */
  mailFrom: string;
  /** Flush interval of the ingest metrics recorder (INGEST_METRICS_FLUSH_MS, default 5000). */
  ingestFlushMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${text}"`);
  }
  return value;
}

function smtpUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.SMTP_URL || undefined;
  if (url && !/^smtps?:\/\//.test(url)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  return url;
}

/**
 * Reads and checks the host's configuration; throws an Error naming the bad variable.
 *
 * @example
 * ```ts
 * const config = loadConfig({ PORT: '9000' }); // config.port === 9000
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './.data'),
    databaseUrl,
    trackingRateLimit: integer(env, 'TRACKING_RATE_LIMIT', 1000, 0, 10_000_000),
    auditRetentionDays: integer(env, 'AUDIT_RETENTION_DAYS', 90, 1, 36_500),
    healthIntervalSeconds: integer(env, 'HEALTH_INTERVAL_SECONDS', 60, 0, 86_400),
    smtpUrl: smtpUrl(env),
    mailFrom: env.MAIL_FROM || 'Junction <junction@localhost>',
    ingestFlushMs: integer(env, 'INGEST_METRICS_FLUSH_MS', 5_000, 100, 600_000),
  };
}
