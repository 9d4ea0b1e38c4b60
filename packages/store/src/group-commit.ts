/** Tuning of the group committer. */
export interface GroupCommitOptions {
  /** How long the first call of a batch waits for company, in ms. Default 2; 0 = until the event loop's next turn (setImmediate). */
  delayMs?: number;
  /** A batch is flushed at once when it reaches this many events. Default 1000. */
  maxBatchEvents?: number;
  /**
   * Flushes allowed at once. Default 1. With 2, the next batch is handed over while the previous
   * one commits (a writer thread then never waits for the event loop between two commits).
   */
  maxInFlight?: number;
}

/** Counters of a group committer. */
export interface GroupCommitStats {
  calls: number;
  transactions: number;
}

/** Submits jobs that are flushed together; up to `maxInFlight` flushes run at a time. */
export interface GroupCommitter<J, R> {
  submit(job: J): Promise<R>;
  stats(): GroupCommitStats;
  /** Stops accepting jobs and waits until everything submitted is flushed. */
  close(): Promise<void>;
}

interface Pending<J, R> {
  job: J;
  size: number;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: jobs submitted within `delayMs` of each other, or while a flush is running, are
 * handed to `flush` together (up to `maxBatchEvents`), so one durable COMMIT acknowledges them all.
 * If `flush` throws, every job of that batch is rejected (nothing of it was committed).
 *
 * @example
 * const gc = createGroupCommitter({ size: (j) => j.events.length, flush: (jobs) => writeBatch(backend, jobs, o) });
 * const results = await gc.submit(job);
 */
export function createGroupCommitter<J, R>(opts: GroupCommitOptions & { size: (job: J) => number; flush: (jobs: J[]) => Promise<R[]> }): GroupCommitter<J, R> {
  const delayMs = opts.delayMs ?? 2;
  const maxBatch = opts.maxBatchEvents ?? 1000;
  if (!(delayMs >= 0)) throw new RangeError(`groupCommit.delayMs must be >= 0, got ${delayMs}`);
  if (!(maxBatch >= 1)) throw new RangeError(`groupCommit.maxBatchEvents must be >= 1, got ${maxBatch}`);
  const maxInFlight = opts.maxInFlight ?? 1;
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1)) throw new RangeError(`groupCommit.maxInFlight must be an integer >= 1, got ${maxInFlight}`);
  const queue: Pending<J, R>[] = [];
  let queuedEvents = 0;
  // A pending "wait for company": a timer, or an immediate when delayMs is 0 (setTimeout(0) waits ≥ 1 ms).
  let timer: { cancel(): void } | null = null;
  const later = (fn: () => void): { cancel(): void } => {
    if (delayMs === 0) {
      const i = setImmediate(fn);
      return { cancel: () => clearImmediate(i) };
    }
    const t = setTimeout(fn, delayMs);
    return { cancel: () => clearTimeout(t) };
  };
  const flights = new Set<Promise<void>>();
  let closed = false;
  const counters: GroupCommitStats = { calls: 0, transactions: 0 };

  function start(): void {
    timer?.cancel();
    timer = null;
    const flight: Promise<void> = run().finally(() => {
      flights.delete(flight);
      // Whatever queued up during the flush has waited long enough: flush it right away.
      if (queue.length > 0 && flights.size < maxInFlight) start();
    });
    flights.add(flight);
  }

  function schedule(): void {
    if (flights.size >= maxInFlight || queue.length === 0) return;
    if (queuedEvents >= maxBatch) start();
    else if (!timer) {
      timer = later(() => {
        timer = null;
        if (queue.length > 0 && flights.size < maxInFlight) start();
      });
    }
  }

  async function run(): Promise<void> {
    const batch: Pending<J, R>[] = [];
    let events = 0;
    while (queue.length > 0 && (batch.length === 0 || events + queue[0]!.size <= maxBatch)) {
      const p = queue.shift()!;
      events += p.size;
      batch.push(p);
    }
    queuedEvents -= events;
    try {
      const results = await opts.flush(batch.map((p) => p.job));
      counters.transactions++;
      batch.forEach((p, i) => {
        p.resolve(results[i]!);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  return {
    submit(job) {
      if (closed) return Promise.reject(new Error('store is closed'));
      counters.calls++;
      return new Promise<R>((resolve, reject) => {
        const size = opts.size(job);
        queue.push({ job, size, resolve, reject });
        queuedEvents += size;
        schedule();
      });
    },
    stats: () => ({ ...counters }),
    async close() {
      closed = true;
      if (timer && flights.size < maxInFlight) start();
      while (flights.size > 0 || queue.length > 0) {
        if (flights.size === 0) start();
        await Promise.all([...flights]);
      }
    },
  };
}
