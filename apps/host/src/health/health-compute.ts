import { type DeliverySummary, readDeliverySummary } from '@junction/engine';
import { type DeliveryStore, type HealthState, type HealthThresholds, healthSettingsRepo, type IngestMetricsRepo, ingestMetricsRepo, openDeliveryStore, type Store } from '@junction/store';
import { judgeDestination, judgeSource, judgeStorage } from './health-rules.ts';
import { type ProbeResult, probeStorage } from './storage-probe.ts';

/**
 * One resource in Workspace Health.
 *
 * @example
 * const r: ResourceHealth = { type: 'source', id: 'src_1', name: 'Web', state: 'healthy', reasons: [], metrics: { accepted: 10, rejected: {} } };
 */
export interface ResourceHealth {
  type: 'source' | 'destination' | 'storage';
  id: string;
  name: string;
  state: HealthState;
  reasons: string[];
  metrics: Record<string, unknown>;
}

/**
 * Workspace Health: every source and destination plus the host's storage, over a recent window.
 *
 * @example
 * const h: WorkspaceHealth = await computeWorkspaceHealth(deps, workspaceId);
 */
export interface WorkspaceHealth {
  workspaceId: string;
  evaluatedAt: string;
  window: { from: string; to: string; minutes: number };
  /** The worst state among the resources. */
  state: HealthState;
  storage: ResourceHealth;
  sources: ResourceHealth[];
  destinations: ResourceHealth[];
}

/** What the computation reads. Optional parts default to the store's tables. */
export interface HealthDeps {
  store: Store;
  delivery?: DeliveryStore;
  ingest?: IngestMetricsRepo;
  /** Called first so counts aggregated in memory are included (ingest recorder, engine metrics). */
  flush?: () => Promise<void>;
  /** Circuit-breaker state per destination id, when the engine exposes it. */
  breakers?: () => Record<string, { state: string }> | undefined;
  /** Identifies this host's probe row (default `host`). */
  hostId?: string;
  /** A storage probe result to reuse (the notifier probes once for every workspace). */
  probe?: ProbeResult;
  now?: () => number;
}

const RANK: Record<HealthState, number> = { healthy: 0, disabled: 0, degraded: 1, failing: 2 };

/**
 * The worst of several states (`disabled` counts as healthy).
 *
 * @example
 * worstState(['healthy', 'degraded', 'disabled']); // 'degraded'
 */
export function worstState(states: readonly HealthState[]): HealthState {
  return states.reduce<HealthState>((w, s) => (RANK[s] > RANK[w] ? s : w), 'healthy');
}

function summaryMetrics(s: DeliverySummary, breaker: string | undefined): Record<string, unknown> {
  const attempts = s.outcomes.delivered + s.outcomes.retried + s.outcomes.failed;
  return {
    outcomes: s.outcomes,
    successRate: attempts === 0 ? null : s.outcomes.delivered / attempts,
    errors: s.errors,
    latencyMs: { p50: s.latencyMs.p50 ?? null, p95: s.latencyMs.p95 ?? null, p99: s.latencyMs.p99 ?? null, count: s.latencyMs.count },
    backlog: { count: s.backlog.count, oldestAgeMs: s.backlog.oldestAgeMs ?? null },
    ...(breaker ? { breaker } : {}),
  };
}

/**
 * Computes the health of a workspace's sources, destinations and the storage with the
 * workspace's thresholds (see docs/workspace-health.md).
 *
 * @example
 * const health = await computeWorkspaceHealth({ store }, workspaceId);
 * health.destinations.filter((d) => d.state === 'failing');
 */
export async function computeWorkspaceHealth(deps: HealthDeps, workspaceId: string, thresholds?: HealthThresholds): Promise<WorkspaceHealth> {
  const now = deps.now?.() ?? Date.now();
  const t = thresholds ?? (await healthSettingsRepo(deps.store.db).get(workspaceId)).thresholds;
  await deps.flush?.();
  const probe = deps.probe ?? (await probeStorage(deps.store, deps.hostId ?? 'host'));
  const storageJ = judgeStorage(probe, t);
  const storage: ResourceHealth = { type: 'storage', id: 'storage', name: `Storage (${deps.store.backend})`, ...storageJ, metrics: { reachable: probe.reachable, writeLatencyMs: probe.writeLatencyMs ?? null } };
  const to = new Date(Math.floor(now / 60_000) * 60_000 + 60_000).toISOString();
  const from = new Date(Date.parse(to) - t.windowMinutes * 60_000).toISOString();
  const window = { from, to, minutes: t.windowMinutes };
  if (!probe.reachable) {
    return { workspaceId, evaluatedAt: new Date(now).toISOString(), window, state: 'failing', storage, sources: [], destinations: [] };
  }
  const ingest = deps.ingest ?? ingestMetricsRepo(deps.store.db);
  const delivery = deps.delivery ?? openDeliveryStore(deps.store);
  const sourceRows = await deps.store.sources.list(workspaceId);
  const totals = await ingest.totals(sourceRows.map((s) => s.id), from, to);
  const sources = sourceRows.map((s): ResourceHealth => {
    const mine = totals.filter((r) => r.sourceId === s.id);
    const accepted = mine.filter((r) => r.outcome === 'accepted').reduce((n, r) => n + r.count, 0);
    const apiCalls = mine.filter((r) => r.outcome === 'api_call').reduce((n, r) => n + r.count, 0);
    const rejected: Record<string, number> = {};
    for (const r of mine) if (r.outcome === 'rejected') rejected[r.reason] = (rejected[r.reason] ?? 0) + r.count;
    return { type: 'source', id: s.id, name: s.name, ...judgeSource({ enabled: s.enabled, accepted, rejected }, t), metrics: { accepted, rejected, apiCalls } };
  });
  const breakers = deps.breakers?.() ?? {};
  const destinations: ResourceHealth[] = [];
  for (const d of await deps.store.destinations.list({ workspaceId })) {
    const summary = await readDeliverySummary(deps.store, delivery, { destinationId: d.id, from, to, now });
    const breaker = breakers[d.id]?.state;
    const j = judgeDestination({ enabled: d.enabled, summary, breaker }, t);
    destinations.push({ type: 'destination', id: d.id, name: d.name, ...j, metrics: summaryMetrics(summary, breaker) });
  }
  const state = worstState([storage.state, ...sources.map((s) => s.state), ...destinations.map((d) => d.state)]);
  return { workspaceId, evaluatedAt: new Date(now).toISOString(), window, state, storage, sources, destinations };
}
