import { type ActionResult, type HttpTransport, runAction, runBatch } from '@junction/core';
import type { RetryRow } from '@junction/store';
import type { CompiledSubscription, DestinationRuntime } from './destination-runtime.ts';
import { type Exchange, recordingTransport } from './recording-transport.ts';

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
}

function lastFailing(log: Exchange[]): Exchange | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const x = log[i]!;
    if (x.error !== undefined || (x.response && (x.response.status < 200 || x.response.status >= 300))) return x;
  }
  return log.at(-1);
}

function split(units: Unit[], maxCount: number, maxBytes: number): Unit[][] {
  const out: Unit[][] = [];
  let cur: Unit[] = [];
  let bytes = 0;
  for (const u of units) {
    const size = u.eventJson.length;
    if (cur.length > 0 && (cur.length >= maxCount || bytes + size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(u);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Delivers units through the destination's plugin: `performBatch` in batches of the delivery
 * policy's count and bytes when the action has one and batching is on, else `perform` per unit,
 * all concurrently under the destination's limiter. One result per unit, in order.
 *
 * @example
 * const results = await deliverUnits(runtime, pool.forDestination(id), units, signal);
 */
export async function deliverUnits(rt: DestinationRuntime, base: HttpTransport, units: Unit[], signal?: AbortSignal): Promise<UnitResult[]> {
  const results = new Array<UnitResult>(units.length);
  const bySub = new Map<string, number[]>();
  units.forEach((u, i) => {
    const list = bySub.get(u.sub.id) ?? [];
    list.push(i);
    bySub.set(u.sub.id, list);
  });
  const common = { settings: rt.settings, signal, timeoutMs: rt.options.timeoutMs };
  const jobs: Promise<void>[] = [];
  for (const indexes of bySub.values()) {
    const sub = units[indexes[0]!]!.sub;
    if (!sub.mapping) {
      const result: ActionResult = { status: 'error', code: 'INVALID_SETTINGS', message: sub.mappingError ?? 'mapping is invalid', retryable: false };
      for (const i of indexes) results[i] = { result, exchange: undefined };
      continue;
    }
    const action = rt.definition.actions[sub.actionId];
    const batch = rt.options.batch;
    if (batch && action?.performBatch) {
      const groups = split(
        indexes.map((i) => units[i]!),
        batch.maxCount,
        batch.maxBytes,
      );
      let offset = 0;
      for (const group of groups) {
        const at = indexes.slice(offset, offset + group.length);
        offset += group.length;
        const log: Exchange[] = [];
        const transport = recordingTransport(base, rt.limiter, log);
        jobs.push(
          runBatch(rt.definition, { ...common, actionId: sub.actionId, compiledMapping: sub.mapping, transport, events: group.map((u) => u.event) }).then((rs) => {
            const failing = lastFailing(log);
            rs.forEach((r, j) => {
              results[at[j]!] = { result: r, exchange: r.status === 'error' ? failing : undefined };
            });
          }),
        );
      }
    } else {
      for (const i of indexes) {
        const log: Exchange[] = [];
        const transport = recordingTransport(base, rt.limiter, log);
        jobs.push(
          runAction(rt.definition, { ...common, actionId: sub.actionId, compiledMapping: sub.mapping, transport, event: units[i]!.event }).then((r) => {
            results[i] = { result: r, exchange: r.status === 'error' ? lastFailing(log) : undefined };
          }),
        );
      }
    }
  }
  await Promise.all(jobs);
  return results;
}
