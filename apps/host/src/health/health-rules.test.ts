import type { DeliverySummary } from '@junction/engine';
import { DEFAULT_HEALTH_THRESHOLDS } from '@junction/store';
import { describe, expect, it } from 'vitest';
import { judgeDestination, judgeSource, judgeStorage } from './health-rules.ts';

const t = DEFAULT_HEALTH_THRESHOLDS;
const summary = (o: Partial<DeliverySummary['outcomes']>, backlog: DeliverySummary['backlog'] = { count: 0, oldestAgeMs: undefined }): DeliverySummary => ({
  outcomes: { delivered: 0, retried: 0, failed: 0, filtered: 0, discarded: 0, ...o },
  errors: [],
  series: [],
  latencyMs: { p50: undefined, p95: undefined, p99: undefined, count: 0 },
  backlog,
});

describe('health rules', () => {
  it('judges sources by their rejected share, only with enough events', () => {
    expect(judgeSource({ enabled: true, accepted: 96, rejected: { event_not_defined: 4 } }, t).state).toBe('healthy');
    expect(judgeSource({ enabled: true, accepted: 95, rejected: { event_not_defined: 5 } }, t).state).toBe('degraded');
    expect(judgeSource({ enabled: true, accepted: 5, rejected: { id_required: 5 } }, t).state).toBe('healthy'); // 10 < minEvents
    expect(judgeSource({ enabled: false, accepted: 0, rejected: {} }, t)).toEqual({ state: 'disabled', reasons: ['source is disabled'] });
  });

  it('judges destinations by success rate, backlog age and breaker', () => {
    expect(judgeDestination({ enabled: true, summary: summary({ delivered: 95, retried: 5 }) }, t).state).toBe('healthy');
    expect(judgeDestination({ enabled: true, summary: summary({ delivered: 94, failed: 6 }) }, t).state).toBe('degraded');
    expect(judgeDestination({ enabled: true, summary: summary({ delivered: 49, failed: 51 }) }, t).state).toBe('failing');
    const old = judgeDestination({ enabled: true, summary: summary({}, { count: 3, oldestAgeMs: 20 * 60_000 }) }, t);
    expect(old).toEqual({ state: 'degraded', reasons: ['oldest undelivered event is 1200 s old, over 900 s'] });
    expect(judgeDestination({ enabled: true, summary: summary({}), breaker: 'open' }, t).state).toBe('failing');
  });

  it('judges storage by reachability and write latency', () => {
    expect(judgeStorage({ reachable: false, writeLatencyMs: undefined, error: 'ECONNREFUSED' }, t)).toEqual({ state: 'failing', reasons: ['storage is unreachable: ECONNREFUSED'] });
    expect(judgeStorage({ reachable: true, writeLatencyMs: 600 }, t).state).toBe('degraded');
    expect(judgeStorage({ reachable: true, writeLatencyMs: 10 }, t).state).toBe('healthy');
  });
});
