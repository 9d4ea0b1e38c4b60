import { randomBytes } from 'node:crypto';
import type { AnyIntegrationDefinition, HttpTransport } from '@junction/core';
import { type Destination, type DeliveryStore, type FailureQuery, openDeliveryStore, type Store } from '@junction/store';
import { type BreakerOptions, type BreakerStatus, type CircuitBreaker, createCircuitBreaker, resolveBreaker } from './circuit-breaker.ts';
import { compileDestination, configVersion, type DestinationConfig, type DestinationRuntime } from './destination-runtime.ts';
import { createLaneCommitter } from './lane-committer.ts';
import { createLaneState, type LaneShared, type LaneState, laneStep, releaseLane } from './lane.ts';
import { readDeliverySummary, type DeliverySummary } from './metrics-read.ts';
import { createMetricsRecorder, type Outcome } from './metrics-recorder.ts';
import { createParsedEvents } from './parsed-events.ts';
import { createTransportPool, type TransportPool } from './transport/index.ts';

/**
 * Options of {@link createEngine}.
 *
 * @example
 * const options: EngineOptions = { store, resolveIntegration: (slug) => catalog.get(slug), leaseMs: 30_000 };
 */
export interface EngineOptions {
  store: Store;
  /** The plugin of a destination's integration slug and version; undefined pauses the destination. */
  resolveIntegration: (slug: string, version: string) => AnyIntegrationDefinition | undefined;
  /** Turns a destination's stored settings text into settings. Default `JSON.parse`. */
  decryptSettings?: (destination: Destination) => unknown;
  /** Default: a pool created (and closed) by the engine. */
  transportPool?: TransportPool;
  /** Unique per process. Default: random. */
  workerId?: string;
  /** Lease length; a dead worker's lanes are taken over after it. Default 30 000 ms. */
  leaseMs?: number;
  /** Sleep of an idle lane (unless the log head moves first). Default 200 ms. */
  pollIntervalMs?: number;
  /**
   * Period of the log-head poll (one single-row read). When the head moves, idle lanes this worker
   * holds are woken at once: per-event destinations on any new event, batching ones once about a
   * full batch per partition has arrived (else at their next poll). Default 20 ms.
   */
  headPollMs?: number;
  /** How often destinations, subscriptions, filters and options are re-read. Default 2 000 ms. */
  configRefreshMs?: number;
  /** Events read per lane step. Default 500. */
  readBatchSize?: number;
  /** How often metrics are written. Default 5 000 ms. */
  metricsFlushMs?: number;
  /**
   * Per-destination circuit breaker: after `threshold` failed requests in a row (every event
   * retryable) the destination's lanes stop reading the log (events wait there, in order) and
   * only a probe is sent, after `minProbeMs` doubling up to `maxProbeMs`; a success closes it.
   * Default {@link DEFAULT_BREAKER}; `false` turns it off.
   */
  breaker?: Partial<BreakerOptions> | false;
  /** Epoch-ms clock. Default Date.now. */
  clock?: () => number;
  /** Random source of the retry jitter. */
  random?: () => number;
  /** Where problems are reported (never with secrets). Default console. */
  log?: (message: string) => void;
}

/**
 * A running delivery engine.
 *
 * @example
 * const engine = createEngine({ store, resolveIntegration });
 * await engine.start();
 * process.on('SIGTERM', () => engine.stop());
 */
export interface Engine {
  /** Loads the configuration and starts delivering. */
  start(): Promise<void>;
  /** Stops taking work, finishes in-flight deliveries, commits, releases leases, flushes metrics. */
  stop(): Promise<void>;
  /** Re-delivers history: every partition's cursor moves back to just before `fromSeq`, or to the first event received at/after `since`. */
  replayHistory(q: { destinationId: string; fromSeq?: number; since?: string }): Promise<{ cursor: number }>;
  /** Moves matching failed events back into the retry queue (delivered within a few seconds); returns how many. */
  replayFailed(q: FailureQuery): Promise<number>;
  /** Reads a destination's metrics, latency percentiles and backlog (flushes this worker's metrics first), with this worker's breaker state. */
  summary(q: { destinationId: string; from: string; to: string }): Promise<DeliverySummary & { breaker: BreakerStatus | null }>;
  /** Writes the metrics aggregated in memory. */
  flushMetrics(): Promise<void>;
  /** Counters since start, lanes held, destinations paused (and why), and the circuit breakers by destination id (closed ones included). */
  status(): { workerId: string; lanesHeld: number; totals: Record<Outcome, number>; paused: Record<string, string>; breakers: Record<string, BreakerStatus> };
  readonly delivery: DeliveryStore;
}

const defaultDecrypt = (d: Destination): unknown => JSON.parse(d.settings);

/**
 * Creates the delivery engine over a store. Each (destination, partition) is a lane with a durable
 * cursor and a lease, so several engines (processes, hosts) on one database share the lanes.
 *
 * @example
 * const engine = createEngine({ store, resolveIntegration: (slug) => (slug === 'webhook' ? webhook : undefined) });
 * await engine.start();
 * // …
 * await engine.stop();
 */
export function createEngine(options: EngineOptions): Engine {
  const { store } = options;
  const delivery = openDeliveryStore(store);
  const clock = options.clock ?? Date.now;
  const workerId = options.workerId ?? `w-${randomBytes(6).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollIntervalMs ?? 200;
  const headPollMs = Math.min(pollMs, options.headPollMs ?? 20);
  const configMs = options.configRefreshMs ?? 2_000;
  const log = options.log ?? ((m: string) => console.error(`engine: ${m}`));
  const decrypt = options.decryptSettings ?? defaultDecrypt;
  const ownPool = !options.transportPool;
  const pool = options.transportPool ?? createTransportPool();
  const metrics = createMetricsRecorder(clock);
  const committer = createLaneCommitter(delivery);
  const runtimes = new Map<string, DestinationRuntime>();
  let readersBySource = new Map<string, number>();
  const paused: Record<string, string> = {};
  const lanes = new Map<string, LaneState>();
  const loops = new Map<string, Promise<void>>();
  const transports = new Map<string, HttpTransport>();
  const ensured = new Set<string>();
  const breakerOptions = options.breaker === false ? undefined : resolveBreaker(options.breaker);
  const breakers = new Map<string, CircuitBreaker>();
  let head = 0;
  let held = 0;
  let liveWorkers = 1;
  let running = false;
  const sleepers = new Map<NodeJS.Timeout, () => void>();
  /** Held lanes asleep after finding nothing to do, with what wakes each one early. */
  const idleLanes = new Map<LaneState, () => void>();
  const background: Promise<void>[] = [];

  // Sleeps keep the process alive while the engine runs; stop() cuts them short. A held lane's
  // idle sleep is also cut short when the log head moves (wakeIdleLanes).
  const sleep = (ms: number, lane?: LaneState) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(t);
        if (lane) idleLanes.delete(lane);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.set(t, done);
      if (lane?.holding) idleLanes.set(lane, done);
    });
  const wake = () => {
    for (const done of sleepers.values()) done();
    sleepers.clear();
    idleLanes.clear();
  };
  /** Wakes the idle lanes that may have new events below `newHead`. */
  const wakeIdleLanes = (newHead: number) => {
    for (const [lane, done] of idleLanes) {
      const seen = Math.max(lane.seq, lane.idleAtHead);
      if (newHead <= seen) continue;
      const batch = runtimes.get(lane.destinationId)?.options.batch;
      if (batch && newHead - seen < store.partitions * batch.maxCount) continue;
      done();
    }
  };
  const share = () => Math.ceil(lanes.size / Math.max(1, liveWorkers));

  const shared: LaneShared = {
    store,
    delivery,
    workerId,
    leaseMs,
    readBatchSize: options.readBatchSize ?? 500,
    clock,
    random: options.random,
    metrics,
    commitLane: committer.commit,
    parsed: createParsedEvents(),
    readers: (sourceId) => readersBySource.get(sourceId) ?? 1,
    runtime: (id) => runtimes.get(id),
    transport(id) {
      let t = transports.get(id);
      if (!t) {
        t = pool.forDestination(id, { pipelining: runtimes.get(id)?.options.pipelining });
        transports.set(id, t);
      }
      return t;
    },
    breaker(id) {
      if (!breakerOptions) return undefined;
      let b = breakers.get(id);
      if (!b) {
        b = createCircuitBreaker(breakerOptions, clock, options.random);
        breakers.set(id, b);
      }
      return b;
    },
    head: () => head,
    mayAcquire: () => held < share(),
    overShare: () => held > share(),
    held: (d) => (held += d),
  };

  async function laneLoop(lane: LaneState, key: string): Promise<void> {
    while (running && lanes.get(key) === lane) {
      let worked = false;
      try {
        worked = await laneStep(shared, lane);
      } catch (err) {
        log(`lane ${lane.destinationId}/${lane.partition}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!worked && running) await sleep(pollMs * (0.75 + Math.random() * 0.5), lane);
    }
    await releaseLane(shared, lane).catch((err: Error) => log(`release ${key}: ${err.message}`));
  }

  async function loadConfigs(): Promise<DestinationConfig[]> {
    const destinations: Destination[] = [];
    for (const ws of await store.workspaces.list()) destinations.push(...(await store.destinations.list({ workspaceId: ws.id })));
    const ids = destinations.map((d) => d.id);
    const [subs, filters, opts] = await Promise.all([delivery.config.listSubscriptions(ids), delivery.config.listFilters(ids), delivery.config.getOptions(ids)]);
    const out: DestinationConfig[] = [];
    for (const destination of destinations) {
      const definition = options.resolveIntegration(destination.integration, destination.pluginVersion);
      if (!definition) {
        paused[destination.id] = `integration "${destination.integration}" version ${destination.pluginVersion} is not installed`;
        continue;
      }
      let settings: unknown;
      try {
        settings = decrypt(destination);
      } catch {
        paused[destination.id] = 'settings could not be read';
        continue;
      }
      delete paused[destination.id];
      out.push({
        destination,
        definition,
        settings,
        subscriptions: subs.filter((s) => s.destinationId === destination.id),
        filters: filters.filter((f) => f.destinationId === destination.id),
        options: opts.get(destination.id)?.options ?? {},
      });
    }
    return out;
  }

  async function refreshConfig(): Promise<void> {
    const configs = await loadConfigs();
    const seen = new Set<string>();
    for (const c of configs) {
      const id = c.destination.id;
      seen.add(id);
      const prev = runtimes.get(id);
      if (!prev || prev.version !== configVersion(c)) {
        const rt = compileDestination(c, prev);
        if (rt.error) paused[id] = rt.error;
        runtimes.set(id, rt);
        // A changed configuration (a fixed URL or credentials) gets a fresh chance.
        if (prev) breakers.delete(id);
        if (transports.has(id)) pool.forDestination(id, { pipelining: rt.options.pipelining });
      }
      if (!ensured.has(id)) {
        const start = await delivery.log.cursorAtTime(c.destination.createdAt);
        await delivery.cursors.ensure(id, store.partitions, start, clock());
        ensured.add(id);
      }
      for (let p = 0; p < store.partitions; p++) {
        const key = `${id}/${p}`;
        if (lanes.has(key)) continue;
        const lane = createLaneState(id, p);
        lanes.set(key, lane);
        if (running) loops.set(key, laneLoop(lane, key).finally(() => loops.delete(key)));
      }
    }
    for (const id of [...runtimes.keys()]) {
      if (seen.has(id)) continue;
      runtimes.delete(id);
      breakers.delete(id);
      for (let p = 0; p < store.partitions; p++) lanes.delete(`${id}/${p}`);
    }
    const readers = new Map<string, number>();
    for (const rt of runtimes.values()) if (!rt.error) readers.set(rt.destination.sourceId, (readers.get(rt.destination.sourceId) ?? 0) + 1);
    readersBySource = readers;
    liveWorkers = await delivery.cursors.heartbeat(workerId, clock(), Math.max(leaseMs, configMs * 3));
  }

  function every(ms: number, fn: () => Promise<void>, what: string): void {
    background.push(
      (async () => {
        while (running) {
          await sleep(ms);
          if (!running) break;
          await fn().catch((err: Error) => log(`${what}: ${err.message}`));
        }
      })(),
    );
  }

  return {
    delivery,
    async start() {
      if (running) return;
      running = true;
      head = await store.logHead();
      await refreshConfig();
      for (const [key, lane] of lanes) if (!loops.has(key)) loops.set(key, laneLoop(lane, key).finally(() => loops.delete(key)));
      every(headPollMs, async () => {
        const next = await store.logHead();
        const moved = next > head;
        head = next;
        if (moved) wakeIdleLanes(next);
      }, 'log head');
      every(configMs, refreshConfig, 'config refresh');
      every(options.metricsFlushMs ?? 5_000, () => metrics.flush(delivery), 'metrics flush');
    },
    async stop() {
      if (!running) return;
      running = false;
      wake();
      await Promise.all([...loops.values(), ...background]);
      background.length = 0;
      await metrics.flush(delivery).catch((err: Error) => log(`metrics flush: ${err.message}`));
      await delivery.cursors.removeWorker(workerId).catch(() => {});
      if (ownPool) await pool.close();
    },
    async replayHistory(q) {
      let cursor: number;
      if (q.fromSeq !== undefined) {
        if (!Number.isSafeInteger(q.fromSeq) || q.fromSeq < 1) throw new RangeError(`replayHistory.fromSeq must be an integer >= 1, got ${q.fromSeq}`);
        cursor = q.fromSeq - 1;
      } else if (q.since !== undefined) cursor = await delivery.log.cursorAtTime(q.since);
      else throw new RangeError('replayHistory needs fromSeq or since');
      const destination = await store.destinations.get(q.destinationId);
      if (!destination) throw new RangeError(`replayHistory.destinationId: destination "${q.destinationId}" not found`);
      await delivery.cursors.ensure(q.destinationId, store.partitions, cursor, clock());
      await delivery.cursors.rewind(q.destinationId, cursor);
      for (const lane of lanes.values()) if (lane.destinationId === q.destinationId) lane.renewedAt = 0;
      return { cursor };
    },
    async replayFailed(q) {
      const n = await delivery.failures.replay(q, clock());
      for (const lane of lanes.values()) if (lane.destinationId === q.destinationId) lane.adoptCheckedAt = 0;
      return n;
    },
    async summary(q) {
      await metrics.flush(delivery);
      const summary = await readDeliverySummary(store, delivery, { ...q, now: clock() });
      return { ...summary, breaker: breakers.get(q.destinationId)?.status() ?? null };
    },
    flushMetrics: () => metrics.flush(delivery),
    status: () => ({
      workerId,
      lanesHeld: held,
      totals: metrics.totals(),
      paused: { ...paused },
      breakers: Object.fromEntries([...breakers].map(([id, b]) => [id, b.status()])),
    }),
  };
}
