import type { AuditEventRepo } from '@junction/store';

/**
 * Options of {@link startAuditRetention}.
 *
 * @example
 * const options: AuditRetentionOptions = { auditEvents: admin.auditEvents, retentionDays: 90 };
 */
export interface AuditRetentionOptions {
  auditEvents: Pick<AuditEventRepo, 'pruneBefore'>;
  /** Entries older than this many days are deleted. */
  retentionDays: number;
  /** How often to prune (default hourly). */
  intervalMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** A running retention job. */
export interface AuditRetention {
  /** Prunes now; resolves to the number of entries deleted. */
  runOnce(): Promise<number>;
  stop(): void;
  /** The run started at once (settles after it is logged; never rejects). */
  first: Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Deletes audit-trail entries older than the retention (every workspace, in one statement), at
 * start and then every `intervalMs`. Several hosts on one database may run it at once: the delete
 * is idempotent. The timer does not keep the process alive.
 *
 * @example
 * const retention = startAuditRetention({ auditEvents: openAdminStore(store).auditEvents, retentionDays: config.auditRetentionDays });
 * retention.stop();
 */
export function startAuditRetention(options: AuditRetentionOptions): AuditRetention {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const runOnce = async () => options.auditEvents.pruneBefore(new Date(now().getTime() - options.retentionDays * DAY_MS).toISOString());
  const tick = () =>
    runOnce().then(
      (n) => {
        if (n > 0) log(`audit: pruned ${n} entries older than ${options.retentionDays} days`);
      },
      (error: unknown) => log(`audit: pruning failed (will retry): ${(error as Error).message}`),
    );
  const first = tick();
  const timer = setInterval(tick, options.intervalMs ?? 3_600_000);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer), first };
}
