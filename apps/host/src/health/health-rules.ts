import type { DeliverySummary } from '@junction/engine';
import type { HealthState, HealthThresholds, Limit } from '@junction/store';

/**
 * A computed state with the reasons that caused it (empty when healthy).
 *
 * @example
 * const j: Judgement = { state: 'failing', reasons: ['delivery success rate 0.0% (0 of 20 attempts) is below 50.0%'] };
 */
export interface Judgement {
  state: HealthState;
  reasons: string[];
}

const RANK: Record<HealthState, number> = { healthy: 0, disabled: 0, degraded: 1, failing: 2 };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Raises `j` to `state` with `reason` when that is worse or equal and not healthy. */
function raise(j: Judgement, state: HealthState | undefined, reason: string): void {
  if (!state) return;
  if (RANK[state] > RANK[j.state]) j.state = state;
  j.reasons.push(reason);
}

function above(value: number, limit: Limit): HealthState | undefined {
  return value > limit.failing ? 'failing' : value > limit.degraded ? 'degraded' : undefined;
}

/**
 * Judges a source from its ingest counts over the window: the share of rejected events.
 *
 * @example
 * judgeSource({ enabled: true, accepted: 90, rejected: { event_not_defined: 10 } }, DEFAULT_HEALTH_THRESHOLDS).state; // 'degraded'
 */
export function judgeSource(m: { enabled: boolean; accepted: number; rejected: Record<string, number> }, t: HealthThresholds): Judgement {
  if (!m.enabled) return { state: 'disabled', reasons: ['source is disabled'] };
  const j: Judgement = { state: 'healthy', reasons: [] };
  const rejected = Object.values(m.rejected).reduce((s, n) => s + n, 0);
  const total = m.accepted + rejected;
  if (total === 0 || total < t.minEvents) return j;
  const rate = rejected / total;
  const state = rate >= t.sourceRejectedRate.failing ? 'failing' : rate >= t.sourceRejectedRate.degraded ? 'degraded' : undefined;
  const limit = state === 'failing' ? t.sourceRejectedRate.failing : t.sourceRejectedRate.degraded;
  const byReason = Object.entries(m.rejected).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
  raise(j, state, `${pct(rate)} of events rejected at ingest (${rejected} of ${total}; ${byReason}), at or above ${pct(limit)}`);
  return j;
}

/**
 * Judges a destination from its delivery summary over the window (success rate of attempts, error
 * codes, latency p99, backlog and the age of its oldest undelivered event) and its circuit breaker.
 *
 * @example
 * judgeDestination({ enabled: true, summary, breaker: 'open' }, thresholds).state; // 'failing'
 */
export function judgeDestination(m: { enabled: boolean; summary: DeliverySummary; breaker?: string | undefined }, t: HealthThresholds): Judgement {
  if (!m.enabled) return { state: 'disabled', reasons: ['destination is disabled'] };
  const j: Judgement = { state: 'healthy', reasons: [] };
  const { outcomes, errors, latencyMs, backlog } = m.summary;
  const attempts = outcomes.delivered + outcomes.retried + outcomes.failed;
  if (attempts > 0 && attempts >= t.minEvents) {
    const rate = outcomes.delivered / attempts;
    const limit = t.destinationSuccessRate;
    const state = rate < limit.failing ? 'failing' : rate < limit.degraded ? 'degraded' : undefined;
    const codes = errors.filter((e) => e.outcome === 'failed' || e.outcome === 'retried').map((e) => `${e.outcome} ${e.errorCode} ×${e.count}`).join(', ');
    raise(j, state, `delivery success rate ${pct(rate)} (${outcomes.delivered} of ${attempts} attempts) is below ${pct(state === 'failing' ? limit.failing : limit.degraded)}${codes ? `; errors: ${codes}` : ''}`);
  }
  if (latencyMs.p99 !== undefined && latencyMs.count >= Math.max(1, t.minEvents)) {
    const state = above(latencyMs.p99, t.destinationLatencyP99Ms);
    raise(j, state, `latency p99 ${latencyMs.p99} ms exceeds ${state === 'failing' ? t.destinationLatencyP99Ms.failing : t.destinationLatencyP99Ms.degraded} ms`);
  }
  const backlogState = above(backlog.count, t.destinationBacklog);
  raise(j, backlogState, `backlog of ${backlog.count} undelivered events exceeds ${backlogState === 'failing' ? t.destinationBacklog.failing : t.destinationBacklog.degraded}`);
  if (backlog.oldestAgeMs !== undefined) {
    const state = above(backlog.oldestAgeMs, t.destinationOldestAgeMs);
    raise(j, state, `oldest undelivered event is ${Math.round(backlog.oldestAgeMs / 1000)} s old, over ${Math.round((state === 'failing' ? t.destinationOldestAgeMs.failing : t.destinationOldestAgeMs.degraded) / 1000)} s`);
  }
  if (m.breaker === 'open' || m.breaker === 'half-open') raise(j, 'failing', `circuit breaker is ${m.breaker}: the destination is not answering`);
  return j;
}

/**
 * Judges the host's storage from a write probe.
 *
 * @example
 * judgeStorage({ reachable: true, writeLatencyMs: 3 }, thresholds); // { state: 'healthy', reasons: [] }
 */
export function judgeStorage(m: { reachable: boolean; writeLatencyMs: number | undefined; error?: string }, t: HealthThresholds): Judgement {
  if (!m.reachable) return { state: 'failing', reasons: [`storage is unreachable: ${m.error ?? 'write failed'}`] };
  const j: Judgement = { state: 'healthy', reasons: [] };
  if (m.writeLatencyMs !== undefined) {
    const state = above(m.writeLatencyMs, t.storageWriteLatencyMs);
    raise(j, state, `storage write took ${m.writeLatencyMs} ms, over ${state === 'failing' ? t.storageWriteLatencyMs.failing : t.storageWriteLatencyMs.degraded} ms`);
  }
  return j;
}
