import type { LogEvent, Store } from '@junction/store';

/** Options of {@link tailSourceEvents}. */
export interface TailOptions {
  /** Start after this log position (default: the head, i.e. only new events). */
  afterSeq?: number;
  /** How often the log head is polled (default 500 ms). */
  pollMs?: number;
  /** Ends the tail. */
  signal: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Follows a source's incoming events in the shared event log (works across hosts on one
 * PostgreSQL database: it reads the log, not this host's memory). Polls the log head and reads
 * only when it moved; one cursor per partition, so nothing is skipped or repeated.
 *
 * @example
 * const controller = new AbortController();
 * for await (const batch of tailSourceEvents(store, sourceId, { signal: controller.signal })) send(batch);
 */
export async function* tailSourceEvents(store: Store, sourceId: string, options: TailOptions): AsyncGenerator<LogEvent[]> {
  const { signal } = options;
  const start = options.afterSeq ?? (await store.logHead());
  const cursors = new Array<number>(store.partitions).fill(start);
  let seenHead = start;
  while (!signal.aborted) {
    const head = await store.logHead();
    if (head !== seenHead) {
      seenHead = head;
      const batch: LogEvent[] = [];
      for (let partition = 0; partition < store.partitions; partition++) {
        const events = await store.readLog({ partition, afterSeq: cursors[partition]!, limit: 1000, sourceIds: [sourceId] });
        // Everything up to `head` was committed before this read: a partial page covers it all.
        if (events.length === 1000) {
          cursors[partition] = events.at(-1)!.seq;
          seenHead = -1; // more is waiting: look again without sleeping
        } else cursors[partition] = Math.max(cursors[partition]!, head, events.at(-1)?.seq ?? 0);
        batch.push(...events);
      }
      if (batch.length > 0) {
        yield batch.sort((a, b) => a.seq - b.seq);
        continue;
      }
    }
    await sleep(options.pollMs ?? 500, signal);
  }
}
