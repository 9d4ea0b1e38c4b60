import { type HttpTransport, partitionKey, withEventJson } from '@junction/core';
import type { DeliveryStore, LaneCommit, LogEvent, RetryRow, Store } from '@junction/store';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { DestinationRuntime } from './destination-runtime.ts';
import type { Unit } from './deliver-units.ts';
import type { MetricsRecorder } from './metrics-recorder.ts';
import type { ParsedEvents } from './parsed-events.ts';
import { type ChunkWrites, processUnits } from './process-units.ts';
import { metricCode, routeEvent } from './route-event.ts';

/** What all lanes of an engine share. */
export interface LaneShared {
  store: Store;
  delivery: DeliveryStore;
  workerId: string;
  leaseMs: number;
  readBatchSize: number;
  clock: () => number;
  random: (() => number) | undefined;
  metrics: MetricsRecorder;
  /** Commits a lane's chunk (grouped with other lanes' commits); false: the lease was lost. */
  commitLane(c: LaneCommit): Promise<boolean>;
  /** Payloads parsed once for all destinations of a source. */
  parsed: ParsedEvents;
  /** How many destinations (lanes of one partition) read a source's events. */
  readers(sourceId: string): number;
  runtime(destinationId: string): DestinationRuntime | undefined;
  transport(destinationId: string): HttpTransport;
  /** The destination's circuit breaker (undefined: breakers are off). */
  breaker(destinationId: string): CircuitBreaker | undefined;
  /** The last log head seen. */
  head(): number;
  /** Whether this worker may take one more lease (fair share across live workers). */
  mayAcquire(): boolean;
  /** Whether this worker holds more leases than its share. */
  overShare(): boolean;
  held(delta: 1 | -1): void;
}

/**
 * The state of one (destination, partition) lane in this worker.
 *
 * @example
 * const lane = createLaneState('dest_1', 3);
 */
export interface LaneState {
  destinationId: string;
  partition: number;
  holding: boolean;
  seq: number;
  renewedAt: number;
  /** Log head when the log was last read with nothing new for this lane. */
  idleAtHead: number;
  nextDueAt: number | undefined;
  adoptCheckedAt: number;
  /** The breaker's closings this lane has seen; a new one makes the lane retry its queue at once. */
  closingsSeen: number;
  /** Retry the queued rows now, whatever their schedule (after the breaker closed). */
  flushRetries: boolean;
}

/**
 * A fresh, unleased lane.
 *
 * @example
 * lanes.set(`${id}/${p}`, createLaneState(id, p));
 */
export function createLaneState(destinationId: string, partition: number): LaneState {
  return { destinationId, partition, holding: false, seq: 0, renewedAt: 0, idleAtHead: -1, nextDueAt: undefined, adoptCheckedAt: 0, closingsSeen: 0, flushRetries: false };
}

/**
 * Gives a held lane's lease back.
 *
 * @example
 * await releaseLane(shared, lane);
 */
export async function releaseLane(s: LaneShared, lane: LaneState): Promise<void> {
  if (!lane.holding) return;
  lane.holding = false;
  s.held(-1);
  await s.delivery.cursors.release(lane.destinationId, lane.partition, s.workerId);
}

function lost(s: LaneShared, lane: LaneState): false {
  if (lane.holding) s.held(-1);
  lane.holding = false;
  return false;
}

function unitsOfEvent(rt: DestinationRuntime, e: LogEvent, s: LaneShared): Unit[] {
  const event = s.parsed.get(e, s.readers(rt.destination.sourceId));
  if (!event) {
    s.metrics.record(rt.destination.id, 'discarded', 'INVALID_EVENT', 1);
    return [];
  }
  const route = routeEvent(rt, event);
  if (route.kind !== 'deliver') {
    s.metrics.record(rt.destination.id, route.kind, metricCode(route), 1);
    return [];
  }
  const userKey = partitionKey({ userId: event.userId, anonymousId: event.anonymousId, previousId: event.previousId, messageId: e.messageId } as Parameters<typeof partitionKey>[0]);
  const eventJson = route.event === event ? e.payload : JSON.stringify(route.event);
  // Plugins that send the whole event send this text instead of re-serialising it.
  const delivered = withEventJson(route.event, eventJson);
  return route.subscriptions.map((sub) => ({
    sub,
    event: delivered,
    eventJson,
    seq: e.seq,
    partition: e.partition,
    userKey,
    messageId: e.messageId,
    eventType: e.type,
    receivedAt: e.receivedAt,
  }));
}

function unitOfRetry(rt: DestinationRuntime, r: RetryRow): Unit | undefined {
  const sub = rt.subscriptions.find((x) => x.id === r.subscriptionId);
  if (!sub) return undefined;
  return {
    sub,
    event: withEventJson(JSON.parse(r.event) as object, r.event),
    eventJson: r.event,
    seq: r.seq,
    partition: r.partition,
    userKey: r.userKey,
    messageId: r.messageId,
    eventType: r.eventType,
    receivedAt: r.receivedAt,
    retry: r,
  };
}

async function commit(s: LaneShared, lane: LaneState, writes: ChunkWrites, cursorSeq?: number): Promise<boolean> {
  const ok = await s.commitLane({ destinationId: lane.destinationId, partition: lane.partition, owner: s.workerId, now: s.clock(), cursorSeq, ...writes });
  if (!ok) {
    // Lease taken over, or a history replay rewound the cursor: re-read our position.
    const seq = await s.delivery.cursors.acquire(lane.destinationId, lane.partition, s.workerId, s.clock(), s.leaseMs);
    if (seq === undefined) return lost(s, lane);
    lane.seq = seq;
    lane.renewedAt = s.clock();
    lane.idleAtHead = -1;
    return false;
  }
  if (cursorSeq !== undefined) lane.seq = cursorSeq;
  const due = writes.insertRetries.filter((r) => r.head === 1).map((r) => Date.parse(r.nextAttemptAt));
  if (writes.promoteUsers.length > 0) due.push(s.clock());
  if (writes.updateRetries.length > 0 || writes.deleteRetries.length > 0) {
    lane.nextDueAt = await s.delivery.retries.nextDueAt(lane.destinationId, lane.partition);
  } else if (due.length > 0) {
    lane.nextDueAt = Math.min(lane.nextDueAt ?? Number.POSITIVE_INFINITY, ...due);
  }
  return true;
}

async function holdLease(s: LaneShared, lane: LaneState): Promise<boolean> {
  const now = s.clock();
  if (lane.holding && now - lane.renewedAt < s.leaseMs / 3) return true;
  if (!lane.holding && !s.mayAcquire()) return false;
  const seq = await s.delivery.cursors.acquire(lane.destinationId, lane.partition, s.workerId, now, s.leaseMs);
  if (seq === undefined) return lost(s, lane);
  if (!lane.holding) {
    lane.holding = true;
    s.held(1);
    lane.nextDueAt = await s.delivery.retries.nextDueAt(lane.destinationId, lane.partition);
    lane.idleAtHead = -1;
  }
  if (seq !== lane.seq) lane.idleAtHead = -1;
  lane.seq = seq;
  lane.renewedAt = now;
  return true;
}

/**
 * One step of a lane: take or renew the lease, then deliver due retries, else the next chunk of
 * the log after the cursor, and commit the outcome with the cursor. Returns whether it did work
 * (the caller loops at once) or not (the caller sleeps).
 *
 * @example
 * while (running) if (!(await laneStep(shared, lane))) await sleep(pollIntervalMs);
 */
export async function laneStep(s: LaneShared, lane: LaneState): Promise<boolean> {
  const rt = s.runtime(lane.destinationId);
  if (!rt || rt.error) {
    await releaseLane(s, lane);
    return false;
  }
  if (lane.holding && s.overShare()) {
    await releaseLane(s, lane);
    return false;
  }
  if (!(await holdLease(s, lane))) return false;
  const { delivery } = s;
  const now = s.clock();
  if (now - lane.adoptCheckedAt >= 2000) {
    lane.adoptCheckedAt = now;
    if ((await delivery.retries.adopt(lane.destinationId, lane.partition, rt.options.ordered)) > 0) lane.nextDueAt = now;
  }
  const breaker = s.breaker(lane.destinationId);
  const ctx = { rt, transport: s.transport(lane.destinationId), metrics: s.metrics, now: s.clock, random: s.random, breaker };
  if (breaker && breaker.state() !== 'closed') {
    // The destination is down: read nothing (events wait in the log) until a probe is due.
    if (!breaker.tryProbe()) return false;
    const worked = await probe(s, lane, rt, ctx);
    if (breaker.state() === 'half-open') breaker.cancelProbe(); // nothing was sent: another lane may probe
    return worked;
  }
  if (breaker && breaker.closings() !== lane.closingsSeen) {
    lane.closingsSeen = breaker.closings();
    lane.flushRetries = true;
  }
  if (lane.flushRetries || (lane.nextDueAt !== undefined && lane.nextDueAt <= now)) {
    const limit = rt.options.rateLimit ? 50 : s.readBatchSize;
    const rows = await delivery.retries.due(lane.destinationId, lane.partition, lane.flushRetries ? FAR_FUTURE : now, limit);
    if (rows.length < limit) lane.flushRetries = false;
    if (rows.length > 0) {
      await commit(s, lane, await processRetries(s, lane, rt, ctx, rows));
      return true;
    }
    lane.nextDueAt = await delivery.retries.nextDueAt(lane.destinationId, lane.partition);
  }
  const head = s.head();
  if (head <= lane.seq || head === lane.idleAtHead) return false;
  // A rate-limited destination reads about a second of its share per step, so a step (and a
  // graceful stop, which finishes the step) never waits long for tokens.
  const rate = rt.options.rateLimit?.perSecond;
  const limit = rate ? Math.min(s.readBatchSize, Math.max(1, Math.ceil(rate / s.store.partitions))) : s.readBatchSize;
  const events = await s.store.readLog({ partition: lane.partition, afterSeq: lane.seq, limit, sourceIds: [rt.destination.sourceId] });
  if (events.length === 0) {
    lane.idleAtHead = head;
    return false;
  }
  await commit(s, lane, await processEvents(s, lane, rt, ctx, events), events.at(-1)!.seq);
  return true;
}

const FAR_FUTURE = Date.parse('9999-01-01T00:00:00Z');

type Ctx = Parameters<typeof processUnits>[0];

async function processRetries(s: LaneShared, lane: LaneState, rt: DestinationRuntime, ctx: Ctx, rows: RetryRow[]): Promise<ChunkWrites> {
  const units: Unit[] = [];
  const orphans: RetryRow[] = [];
  for (const r of rows) {
    const u = unitOfRetry(rt, r);
    if (u) units.push(u);
    else orphans.push(r);
  }
  const writes = await processUnits(ctx, units, new Set());
  for (const r of orphans) {
    s.metrics.record(lane.destinationId, 'discarded', 'NO_MATCHING_MAPPING', 1);
    writes.deleteRetries.push(r.id);
    if (rt.options.ordered && !writes.promoteUsers.includes(r.userKey)) writes.promoteUsers.push(r.userKey);
  }
  return writes;
}

async function processEvents(s: LaneShared, lane: LaneState, rt: DestinationRuntime, ctx: Ctx, events: LogEvent[]): Promise<ChunkWrites> {
  const units = events.flatMap((e) => unitsOfEvent(rt, e, s));
  // With no rows queued in the lane (nextDueAt undefined), no user can be held: skip the query.
  const held = rt.options.ordered && units.length > 0 && lane.nextDueAt !== undefined
    ? await s.delivery.retries.blockedUsers(lane.destinationId, lane.partition, [...new Set(units.map((u) => u.userKey))])
    : new Set<string>();
  return processUnits(ctx, units, held);
}

/** The half-open probe: the lane's oldest queued retry whatever its schedule, else the next event of the log. */
async function probe(s: LaneShared, lane: LaneState, rt: DestinationRuntime, ctx: Ctx): Promise<boolean> {
  const rows = await s.delivery.retries.due(lane.destinationId, lane.partition, FAR_FUTURE, 1);
  if (rows.length > 0) {
    await commit(s, lane, await processRetries(s, lane, rt, ctx, rows));
    return true;
  }
  if (s.head() <= lane.seq) return false;
  const events = await s.store.readLog({ partition: lane.partition, afterSeq: lane.seq, limit: 1, sourceIds: [rt.destination.sourceId] });
  if (events.length === 0) return false;
  await commit(s, lane, await processEvents(s, lane, rt, ctx, events), events[0]!.seq);
  return true;
}
