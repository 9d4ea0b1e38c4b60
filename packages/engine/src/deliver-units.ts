import { setMaxListeners } from 'node:events';
import type { ActionResult, HttpTransport } from '@junction/core';
import { sendAction, sendActionBatch } from './send-action.ts';
import type { RetryRow } from '@junction/store';
import type { CompiledSubscription, DestinationRuntime } from './destination-runtime.ts';
import { type Exchange, type RawExchange, recordingTransport, toExchange } from './recording-transport.ts';

/**
 * One (event, subscription) to deliver.
 *
 * @example
 * const unit: Unit = { sub, event, eventJson: JSON.stringify(event), seq: 42, partition: 3, userKey: 'u1', messageId: 'm-1', eventType: 'track', receivedAt };
 */
export interface Unit {
  sub: CompiledSubscription;
  event: object;
  eventJson: string;
  seq: number;
  partition: number;
  userKey: string;
  messageId: string;
  eventType: string;
  receivedAt: string;
  /** Set when the unit comes from the retry queue. */
  retry?: RetryRow;
}

/**
 * The outcome of one unit and the HTTP exchange that explains a failure.
 *
 * @example
 * if (r.result.status === 'error') store(r.exchange);
 */
export interface UnitResult {
  result: ActionResult;
  exchange: Exchange | undefined;
  /** Which call of the plugin (one `perform` or one `performBatch`) produced it; -1: none was made. */
  request: number;
}

/**
 * The signal of deliveries given none: never aborted and shared, so that a plugin call does not
 * create an `AbortController` of its own (core's `runAction` does when given no signal).
 */
const NEVER_ABORTED = new AbortController().signal;
setMaxListeners(0, NEVER_ABORTED);

/**
 * Runs tasks with at most `width` running at once. A unit's request objects are then built just
 * before it is sent and die young, instead of a whole chunk's waiting (and surviving into the old
 * generation) behind the destination's limiter.
 */
async function runBounded(tasks: Array<() => Promise<void>>, width: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  const workers: Promise<void>[] = [];
  for (let w = Math.min(width, tasks.length); w > 0; w--) workers.push(worker());
  await Promise.all(workers);
}

/** The exchange that explains a failure (the last failing one, else the last), redacted for storage. */
function lastFailing(log: RawExchange[]): Exchange | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const x = log[i]!;
    if (x.error !== undefined || (x.response && (x.response.status < 200 || x.response.status >= 300))) return toExchange(x);
  }
  const last = log.at(-1);
  return last && toExchange(last);
}

/** Packs units (given by index) into batches within the limits; `byUser` keeps each user's units in one batch, in order. */
function split(units: Unit[], indexes: number[], maxCount: number, maxBytes: number, byUser: boolean): number[][] {
  let groups: number[][] = indexes.map((i) => [i]);
  if (byUser) {
    const of = new Map<string, number[]>();
    for (const i of indexes) {
      const g = of.get(units[i]!.userKey);
      if (g) g.push(i);
      else of.set(units[i]!.userKey, [i]);
    }
    groups = [...of.values()];
  }
  const out: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const g of groups) {
    const size = g.reduce((n, i) => n + units[i]!.eventJson.length, 0);
    if (cur.length > 0 && (cur.length + g.length > maxCount || bytes + size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(...g);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return byUser ? out.map((b) => b.sort((x, y) => x - y)) : out;
}

/**
 * Delivers units through the destination's plugin: `performBatch` in batches of the delivery
 * policy's count and bytes when the action has one and batching is on, else `perform` per unit,
 * at most the destination's `concurrency` calls at once (all under its limiter, shared with the
 * destination's other lanes). One result per unit, in order. `ordered`: a
 * user's units stay in one batch, in seq order (the caller's waves keep them within the limits).
 *
 * @example
 * const results = await deliverUnits(runtime, pool.forDestination(id), units, signal);
 */
export async function deliverUnits(rt: DestinationRuntime, base: HttpTransport, units: Unit[], signal?: AbortSignal, ordered = false): Promise<UnitResult[]> {
  const results = new Array<UnitResult>(units.length);
  const bySub = new Map<string, number[]>();
  units.forEach((u, i) => {
    const list = bySub.get(u.sub.id) ?? [];
    list.push(i);
    bySub.set(u.sub.id, list);
  });
  const callSignal = signal ?? NEVER_ABORTED;
  const jobs: Array<() => Promise<void>> = [];
  let request = 0;
  for (const indexes of bySub.values()) {
    const sub = units[indexes[0]!]!.sub;
    if (!sub.mapping) {
      const result: ActionResult = { status: 'error', code: 'INVALID_SETTINGS', message: sub.mappingError ?? 'mapping is invalid', retryable: false };
      for (const i of indexes) results[i] = { result, exchange: undefined, request: -1 };
      continue;
    }
    const action = rt.definition.actions[sub.actionId];
    const batch = rt.options.batch;
    if (batch && action?.performBatch) {
      for (const at of split(units, indexes, batch.maxCount, batch.maxBytes, ordered)) {
        const id = request++;
        jobs.push(async () => {
          const log: RawExchange[] = [];
          const transport = recordingTransport(base, rt.limiter, log);
          const rs = await sendActionBatch(rt, sub, at.map((i) => units[i]!.event), transport, callSignal);
          // Learn whether a batch is one request (then one user's events may share a batch in order).
          if (at.length > 1 && log.length > 0) sub.singleRequestBatches = log.length === 1;
          const failing = rs.some((r) => r.status === 'error') ? lastFailing(log) : undefined;
          rs.forEach((r, j) => {
            results[at[j]!] = { result: r, exchange: r.status === 'error' ? failing : undefined, request: id };
          });
        });
      }
    } else {
      for (const i of indexes) {
        const id = request++;
        jobs.push(async () => {
          const log: RawExchange[] = [];
          const transport = recordingTransport(base, rt.limiter, log);
          const r = await sendAction(rt, sub, units[i]!.event, transport, callSignal);
          results[i] = { result: r, exchange: r.status === 'error' ? lastFailing(log) : undefined, request: id };
        });
      }
    }
  }
  await runBounded(jobs, rt.options.concurrency);
  return results;
}
