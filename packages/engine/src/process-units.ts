import type { ActionResult, HttpTransport } from '@junction/core';
import { type FailureRow, newId, type RetryRow, type RetryUpdate } from '@junction/store';
import type { CompiledSubscription, DestinationRuntime } from './destination-runtime.ts';
import { deliverUnits, type Unit, type UnitResult } from './deliver-units.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { MetricsRecorder } from './metrics-recorder.ts';
import { nextRetryAt } from './policy/index.ts';
import { type Exchange, redactForStorage } from './recording-transport.ts';

/**
 * What processing a chunk of units writes (committed with the cursor by `commitLane`).
 *
 * @example
 * const out: ChunkWrites = { insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [] };
 */
export interface ChunkWrites {
  insertRetries: RetryRow[];
  updateRetries: RetryUpdate[];
  deleteRetries: string[];
  failures: FailureRow[];
  promoteUsers: string[];
}

/** What {@link processUnits} needs besides the units. */
export interface ProcessContext {
  rt: DestinationRuntime;
  transport: HttpTransport;
  metrics: MetricsRecorder;
  now: () => number;
  random?: (() => number) | undefined;
  signal?: AbortSignal | undefined;
  /** The destination's breaker, told every plugin call's outcome. */
  breaker?: CircuitBreaker | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether one request of `sub` may carry several units of one user (a `performBatch` that sends one request per batch, with batching on). */
function batchesByUser(rt: DestinationRuntime, u: Unit): boolean {
  return Boolean(rt.options.batch && rt.definition.actions[u.sub.actionId]?.performBatch) && u.sub.singleRequestBatches === true;
}

/** Where a (user, subscription) stands while units are split into waves. */
interface WaveState {
  wave: number;
  count: number;
  bytes: number;
}

/**
 * Splits units into ordered waves: per (user, subscription), consecutive units share a wave while
 * they fit in one request (one unit for `perform`; the batch limits for a `performBatch` that sends
 * one request per batch), so wave k+1 starts only after wave k answered.
 */
function waves(rt: DestinationRuntime, units: Unit[]): Unit[][] {
  // Per subscription, per user: no key string per unit.
  const at = new Map<CompiledSubscription, Map<string, WaveState>>();
  const out: Unit[][] = [];
  const batch = rt.options.batch;
  for (const u of units) {
    const size = u.eventJson.length;
    let users = at.get(u.sub);
    if (!users) {
      users = new Map();
      at.set(u.sub, users);
    }
    const st = users.get(u.userKey);
    let k = 0;
    if (!st) users.set(u.userKey, { wave: 0, count: 1, bytes: size });
    else {
      const byUser = batch !== undefined && batchesByUser(rt, u);
      const maxCount = byUser ? batch.maxCount : 1;
      const maxBytes = byUser ? batch.maxBytes : Number.POSITIVE_INFINITY;
      if (st.count + 1 > maxCount || st.bytes + size > maxBytes) {
        st.wave++;
        st.count = 1;
        st.bytes = size;
      } else {
        st.count++;
        st.bytes += size;
      }
      k = st.wave;
    }
    const wave = out[k];
    if (wave) wave.push(u);
    else out[k] = [u];
  }
  return out;
}

/**
 * Tells the breaker how each plugin call went: answered (a success or a permanent answer) or
 * failed retryably; calls in the order of their first result.
 */
function feedBreaker(breaker: CircuitBreaker, results: UnitResult[]): void {
  const order: number[] = [];
  const ok: boolean[] = [];
  const failed: boolean[] = [];
  const codes: Array<string | undefined> = [];
  for (const { result, exchange, request } of results) {
    if (request < 0) continue;
    if (ok[request] === undefined) {
      order.push(request);
      ok[request] = false;
      failed[request] = true;
    }
    if (result.status === 'success' || (!result.retryable && exchange?.response)) ok[request] = true;
    if (result.status === 'error' && result.retryable) codes[request] = result.code;
    else failed[request] = false;
  }
  for (const request of order) {
    if (ok[request]) breaker.record(true);
    else if (failed[request]) breaker.record(false, codes[request]);
  }
}

function retryRow(u: Unit, head: 0 | 1, at: number, fields: Partial<RetryRow> = {}): RetryRow {
  return {
    id: newId(),
    destinationId: u.retry?.destinationId ?? '',
    partition: u.partition,
    seq: u.seq,
    userKey: u.userKey,
    subscriptionId: u.sub.id,
    messageId: u.messageId,
    eventType: u.eventType,
    receivedAt: u.receivedAt,
    event: u.eventJson,
    attempts: 0,
    firstAttemptAt: null,
    nextAttemptAt: iso(at),
    head,
    lastErrorCode: null,
    lastError: null,
    createdAt: iso(at),
    ...fields,
  };
}

/** A queued unit that is done (delivered or failed for good): its row goes, and its user's next row may head the queue. */
function settled(out: ChunkWrites, promote: Set<string>, ordered: boolean, retry: RetryRow, userKey: string): void {
  out.deleteRetries.push(retry.id);
  if (ordered) promote.add(userKey);
}

/** The failed-event row of a unit that failed for good. */
function failureRow(rt: DestinationRuntime, u: Unit, result: Extract<ActionResult, { status: 'error' }>, exchange: Exchange | undefined, attempts: number, firstAttemptAt: number, now: number): FailureRow {
  const destinationId = rt.destination.id;
  return {
    id: newId(),
    workspaceId: rt.destination.workspaceId,
    sourceId: rt.destination.sourceId,
    destinationId,
    subscriptionId: u.sub.id,
    partition: u.partition,
    seq: u.seq,
    userKey: u.userKey,
    messageId: u.messageId,
    eventType: u.eventType,
    receivedAt: u.receivedAt,
    event: u.eventJson,
    reason: result.message,
    errorCode: result.code,
    attempts,
    firstAttemptAt: iso(firstAttemptAt),
    lastAttemptAt: iso(now),
    lastRequest: exchange ? redactForStorage(exchange.error ? { ...exchange.request, error: exchange.error } : exchange.request, rt.definition.settings, rt.settings) : null,
    lastResponse: exchange?.response ? redactForStorage(exchange.response, rt.definition.settings, rt.settings) : null,
    createdAt: iso(now),
  };
}

/**
 * Delivers units and decides each one's fate: delivered; retryable → the retry queue with backoff
 * (until the policy's max age, then the failed store); permanent → the failed store. With
 * per-user ordering on, units go in waves (each user's k-th event in wave k) and a user whose
 * event is retrying has all its later units queued behind it (`held`: users already queued).
 *
 * @example
 * const writes = await processUnits(ctx, units, await retries.blockedUsers(destinationId, partition, userKeys));
 */
export async function processUnits(ctx: ProcessContext, units: Unit[], held: Set<string>): Promise<ChunkWrites> {
  const { rt, metrics } = ctx;
  const destinationId = rt.destination.id;
  const ordered = rt.options.ordered;
  const out: ChunkWrites = { insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [] };
  const promote = new Set<string>();
  // A chunk's events mostly share their receivedAt (appended together): parse each distinct one once.
  let receivedText = '';
  let receivedMs = 0;
  let rest = units;
  while (rest.length > 0) {
    // Waves are recomputed after each one: what a wave taught about the plugin's batches
    // (`singleRequestBatches`) applies to the rest of the chunk.
    let wave = rest;
    if (ordered) {
      const all = waves(rt, rest);
      wave = all[0] ?? [];
      rest = all.length > 1 ? all.slice(1).flat() : [];
    } else rest = [];
    let attempt: Unit[] = wave;
    if (ordered && held.size > 0) {
      attempt = [];
      for (const u of wave) {
        if (!u.retry && held.has(u.userKey)) out.insertRetries.push({ ...retryRow(u, 0, ctx.now()), destinationId });
        else attempt.push(u);
      }
    }
    if (attempt.length === 0) continue;
    const results: UnitResult[] = await deliverUnits(rt, ctx.transport, attempt, ctx.signal, ordered);
    if (ctx.breaker) feedBreaker(ctx.breaker, results);
    const now = ctx.now();
    // Per user, the seq of its first event that failed retryably in this wave: later events of the
    // user in the wave (one batch may carry several) queue behind it instead of heading the queue.
    let headSeq: Map<string, number> | undefined;
    for (let i = 0; i < attempt.length; i++) {
      const u = attempt[i]!;
      const { result, exchange } = results[i]!;
      if (result.status === 'success') {
        if (u.receivedAt !== receivedText) {
          receivedText = u.receivedAt;
          receivedMs = Date.parse(receivedText);
        }
        metrics.record(destinationId, 'delivered', '', 1, Math.max(0, now - receivedMs));
        if (u.retry) settled(out, promote, ordered, u.retry, u.userKey);
        continue;
      }
      const attempts = (u.retry?.attempts ?? 0) + 1;
      const firstAttemptAt = u.retry?.firstAttemptAt ? Date.parse(u.retry.firstAttemptAt) : now;
      const next = result.retryable
        ? nextRetryAt({ attempt: attempts, firstAttemptAt, now, policy: rt.options.retry, retryAfterMs: result.retryAfterMs, random: ctx.random })
        : undefined;
      if (next !== undefined) {
        metrics.record(destinationId, 'retried', result.code, 1);
        const fields = { attempts, firstAttemptAt: iso(firstAttemptAt), nextAttemptAt: iso(next), lastErrorCode: result.code, lastError: result.message };
        headSeq ??= new Map();
        const behind = ordered && !u.retry && (headSeq.get(u.userKey) ?? u.seq) < u.seq;
        if (ordered) {
          held.add(u.userKey);
          if (!headSeq.has(u.userKey)) headSeq.set(u.userKey, u.seq);
        }
        if (u.retry) out.updateRetries.push({ id: u.retry.id, ...fields });
        else out.insertRetries.push({ ...retryRow(u, behind ? 0 : 1, now, fields), destinationId });
        continue;
      }
      metrics.record(destinationId, 'failed', result.code, 1);
      out.failures.push(failureRow(rt, u, result, exchange, attempts, firstAttemptAt, now));
      if (u.retry) settled(out, promote, ordered, u.retry, u.userKey);
    }
  }
  out.promoteUsers = [...promote];
  return out;
}
