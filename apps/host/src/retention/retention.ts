/**
 * One retention job: deletes what is past its retention and resolves to the number of rows
 * deleted. Jobs must be idempotent (several hosts on one database may run them at once).
 *
 * @example
 * const job: RetentionJob = { name: 'audit', keeps: '90 days', prune: (now) => auditEvents.pruneBefore(daysBefore(now, 90)) };
 */
export interface RetentionJob {
  /** Short name used in log lines and in {@link Retention.runOnce}'s result (`audit`, `sessions`, …). */
  name: string;
  /** What the job keeps, for the log line (`90 days`, `live sessions`). */
  keeps: string;
  prune(now: Date): Promise<number>;
}

/**
 * Options of {@link startRetention}.
 *
 * @example
 * const options: RetentionOptions = { jobs: [auditJob], intervalMs: 3_600_000 };
 */
export interface RetentionOptions {
  jobs: readonly RetentionJob[];
  /** How often to run every job (default hourly). */
  intervalMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** Running retention timers. */
export interface Retention {
  /** Runs every job now, one after the other; resolves to rows deleted per job name (a failed job is logged and absent). */
  runOnce(): Promise<Record<string, number>>;
  stop(): void;
  /** The run started at once (settles after it is logged; never rejects). */
  first: Promise<void>;
}

/**
 * Runs retention jobs at start and then every `intervalMs`. A job that fails is logged and retried
 * at the next tick; it never stops the others. The timer does not keep the process alive.
 *
 * @example
 * const retention = startRetention({ jobs: [auditRetentionJob(auditEvents, 90), sessionRetentionJob(sessions, 720)] });
 * retention.stop();
 */
export function startRetention(options: RetentionOptions): Retention {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const runOnce = async () => {
    const deleted: Record<string, number> = {};
    for (const job of options.jobs) {
      try {
        deleted[job.name] = await job.prune(now());
        if (deleted[job.name]! > 0) log(`retention: ${job.name}: pruned ${deleted[job.name]} rows (keeps ${job.keeps})`);
      } catch (error) {
        log(`retention: ${job.name}: pruning failed (will retry): ${(error as Error).message}`);
      }
    }
    return deleted;
  };
  const tick = () => runOnce().then(() => undefined);
  const first = tick();
  const timer = setInterval(tick, options.intervalMs ?? 3_600_000);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer), first };
}
