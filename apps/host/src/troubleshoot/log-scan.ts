import type { LogEvent, Store } from '@junction/store';

/**
 * An event of the log as the admin API shows it (the Event Tester's picker, the source debugger).
 *
 * @example
 * const v: LoggedEventView = { seq: 12, messageId: 'm-1', type: 'track', receivedAt: '2025-01-31T12:00:00.000Z', event: { type: 'track', event: 'Signed Up' } };
 */
export interface LoggedEventView {
  seq: number;
  messageId: string;
  type: string;
  receivedAt: string;
  event: unknown;
}

/**
 * The view of a log event (its payload parsed; unreadable JSON is kept as text).
 *
 * @example
 * loggedEventView(logEvent).event;
 */
export function loggedEventView(e: LogEvent): LoggedEventView {
  let event: unknown;
  try {
    event = JSON.parse(e.payload);
  } catch {
    event = e.payload;
  }
  return { seq: e.seq, messageId: e.messageId, type: e.type, receivedAt: e.receivedAt, event };
}

const PAGE = 10_000;
/** How far back (in log positions, all sources together) a scan looks before giving up. */
export const MAX_SCAN_SPAN = 1_000_000;

/** Events of `sourceId` with `low < seq ≤ high`, across every partition, in seq order. */
async function readRange(store: Store, sourceId: string, low: number, high: number): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for (let partition = 0; partition < store.partitions; partition++) {
    let after = low;
    for (;;) {
      const page = await store.readLog({ partition, afterSeq: after, limit: PAGE, sourceIds: [sourceId] });
      const inRange = page.filter((e) => e.seq <= high);
      out.push(...inRange);
      if (page.length < PAGE || inRange.length < page.length) break;
      after = page.at(-1)!.seq;
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/**
 * The newest events of a source, newest first, read backwards from the log head through the
 * store's `readLog` in growing windows (at most {@link MAX_SCAN_SPAN} positions back). With
 * `messageId`, stops at the first (newest) event carrying it. Newest means highest seq: events of one
 * append (one request, or one group commit) share a receipt time and are ordered by partition run.
 *
 * @example
 * const recent = await recentSourceEvents(store, sourceId, { limit: 20 });
 * const [picked] = await recentSourceEvents(store, sourceId, { limit: 1, messageId: 'm-1' });
 */
export async function recentSourceEvents(store: Store, sourceId: string, q: { limit: number; messageId?: string }): Promise<LogEvent[]> {
  const head = await store.logHead();
  const found: LogEvent[] = [];
  let high = head;
  let span = Math.max(1_000, q.limit * 20);
  while (high > 0 && head - high < MAX_SCAN_SPAN) {
    const low = Math.max(0, high - span);
    const events = await readRange(store, sourceId, low, high);
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (q.messageId !== undefined && e.messageId !== q.messageId) continue;
      found.push(e);
      if (found.length >= q.limit) return found;
    }
    high = low;
    span *= 4;
  }
  return found;
}
