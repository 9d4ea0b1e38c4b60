import type { HttpTransport } from '@junction/core';
import { type FailureRow, newId, type RetryRow, type RetryUpdate } from '@junction/store';
import type { DestinationRuntime } from './destination-runtime.ts';
import { deliverUnits, type Unit, type UnitResult } from './deliver-units.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { MetricsRecorder } from './metrics-recorder.ts';
import { nextRetryAt } from './policy/index.ts';
import { redactForStorage } from './recording-transport.ts';

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

/** How many units of one user (and bytes) one request of `sub` may carry in an ordered wave. */
function perUserCap(rt: DestinationRuntime, u: Unit): { count: number; bytes: number } {
  const batch = rt.options.batch;
  const batching = batch && rt.definition.actions[u.sub.actionId]?.performBatch && u.sub.singleRequestBatches === true;
  return batching ? { count: batch.maxCount, bytes: batch.maxBytes } : { count: 1, bytes: Number.POSITIVE_INFINITY };
}

/**
 * Splits units into ordered waves: per (user, subscription), consecutive units share a wave while
 * they fit in one request (one unit for `perform`; the batch limits for a `performBatch` that sends
 * one request per batch), so wave k+1 starts only after wave k answered.
 */
function waves(rt: DestinationRuntime, units: Unit[]): Unit[][] {
  const at = new Map<string, { wave: number; count: number; bytes: number }>();
  const out: Unit[][] = [];
  for (const u of units) {
    const key = `${u.userKey}\u0000${u.sub.id}`;
    const size = u.eventJson.length;
    const st = at.get(key);
    if (!st) at.set(key, { wave: 0, count: 1, bytes: size });
    else {
      const cap = perUserCap(rt, u);
      if (st.count + 1 > cap.count || st.bytes + size > cap.bytes) Object.assign(st, { wave: st.wave + 1, count: 1, bytes: size });
      else Object.assign(st, { count: st.count + 1, bytes: st.bytes + size });
    }
    const k = at.get(key)!.wave;
    const wave = out[k] ?? [];
    wave.push(u);
    out[k] = wave;
  }
  return out;
}

/** Tells the breaker how each plugin call went: answered (a success or a permanent answer) or failed retryably. */
function feedBreaker(breaker: CircuitBreaker, results: UnitResult[]): void {
  const calls = new Map<number, { ok: boolean; failed: boolean; code: string | undefined }>();
  for (const { result, exchange, request } of results) {
    if (request < 0) continue;
    const c = calls.get(request) ?? { ok: false, failed: true, code: undefined };
    if (result.status === 'success' || (!result.retryable && exchange?.response)) c.ok = true;
    if (result.status === 'error' && result.retryable) c.code = result.code;
    else c.failed = false;
    calls.set(request, c);
  }
  for (const c of calls.values()) {
    if (c.ok) breaker.record(true);
    else if (c.failed) breaker.record(false, c.code);
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
  const receivedAt = (u: Unit) => {
    if (u.receivedAt !== receivedText) {
      receivedText = u.receivedAt;
      receivedMs = Date.parse(receivedText);
    }
    return receivedMs;
  };
  let rest = units;
  while (rest.length > 0) {
    // Waves are recomputed after each one: what a wave taught about the plugin's batches
    // (`singleRequestBatches`) applies to the rest of the chunk.
    const [wave = [], ...later] = ordered ? waves(rt, rest) : [rest];
    rest = later.flat();
    const attempt: Unit[] = [];
    for (const u of wave) {
      if (ordered && !u.retry && held.has(u.userKey)) out.insertRetries.push({ ...retryRow(u, 0, ctx.now()), destinationId });
      else attempt.push(u);
    }
    if (attempt.length === 0) continue;
    const results: UnitResult[] = await deliverUnits(rt, ctx.transport, attempt, ctx.signal, ordered);
    if (ctx.breaker) feedBreaker(ctx.breaker, results);
    const now = ctx.now();
    // Per user, the seq of its first event that failed retryably in this wave: later events of the
    // user in the wave (one batch may carry several) queue behind it instead of heading the queue.
    const headSeq = new Map<string, number>();
    attempt.forEach((u, i) => {
      const { result, exchange } = results[i]!;
      const done = () => {
        if (!u.retry) return;
        out.deleteRetries.push(u.retry.id);
        if (ordered) promote.add(u.userKey);
      };
      if (result.status === 'success') {
        metrics.record(destinationId, 'delivered', '', 1, Math.max(0, now - receivedAt(u)));
        done();
        return;
      }
      const attempts = (u.retry?.attempts ?? 0) + 1;
      const firstAttemptAt = u.retry?.firstAttemptAt ? Date.parse(u.retry.firstAttemptAt) : now;
      const next = result.retryable
        ? nextRetryAt({ attempt: attempts, firstAttemptAt, now, policy: rt.options.retry, retryAfterMs: result.retryAfterMs, random: ctx.random })
        : undefined;
      if (next !== undefined) {
        metrics.record(destinationId, 'retried', result.code, 1);
        const fields = { attempts, firstAttemptAt: iso(firstAttemptAt), nextAttemptAt: iso(next), lastErrorCode: result.code, lastError: result.message };
        const behind = ordered && !u.retry && (headSeq.get(u.userKey) ?? u.seq) < u.seq;
        if (ordered) {
          held.add(u.userKey);
          if (!headSeq.has(u.userKey)) headSeq.set(u.userKey, u.seq);
        }
        if (u.retry) out.updateRetries.push({ id: u.retry.id, ...fields });
        else out.insertRetries.push({ ...retryRow(u, behind ? 0 : 1, now, fields), destinationId });
        return;
      }
      metrics.record(destinationId, 'failed', result.code, 1);
      out.failures.push({
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
      });
      done();
    });
  }
  out.promoteUsers = [...promote];
  return out;
}
