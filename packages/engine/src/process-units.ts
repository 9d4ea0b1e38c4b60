import type { HttpTransport } from '@junction/core';
import { type FailureRow, newId, type RetryRow, type RetryUpdate } from '@junction/store';
import type { DestinationRuntime } from './destination-runtime.ts';
import { deliverUnits, type Unit, type UnitResult } from './deliver-units.ts';
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
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Splits units into waves: wave k holds each user's k-th event (all its subscriptions). */
function waves(units: Unit[]): Unit[][] {
  const rank = new Map<string, { seq: number; k: number }>();
  const out: Unit[][] = [];
  for (const u of units) {
    const r = rank.get(u.userKey);
    let k = 0;
    if (r) k = r.seq === u.seq ? r.k : r.k + 1;
    rank.set(u.userKey, { seq: u.seq, k });
    const wave = out[k] ?? [];
    wave.push(u);
    out[k] = wave;
  }
  return out;
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
  for (const wave of ordered ? waves(units) : [units]) {
    const attempt: Unit[] = [];
    for (const u of wave) {
      if (ordered && !u.retry && held.has(u.userKey)) out.insertRetries.push({ ...retryRow(u, 0, ctx.now()), destinationId });
      else attempt.push(u);
    }
    if (attempt.length === 0) continue;
    const results: UnitResult[] = await deliverUnits(rt, ctx.transport, attempt, ctx.signal);
    const now = ctx.now();
    attempt.forEach((u, i) => {
      const { result, exchange } = results[i]!;
      const done = () => {
        if (!u.retry) return;
        out.deleteRetries.push(u.retry.id);
        if (ordered) promote.add(u.userKey);
      };
      if (result.status === 'success') {
        metrics.record(destinationId, 'delivered', '', 1, Math.max(0, now - Date.parse(u.receivedAt)));
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
        if (ordered) held.add(u.userKey);
        const fields = { attempts, firstAttemptAt: iso(firstAttemptAt), nextAttemptAt: iso(next), lastErrorCode: result.code, lastError: result.message };
        if (u.retry) out.updateRetries.push({ id: u.retry.id, ...fields });
        else out.insertRetries.push({ ...retryRow(u, 1, now, fields), destinationId });
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
