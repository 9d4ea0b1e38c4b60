import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { healthSettingsRepo } from './health-settings.ts';
import { healthStateRepo } from './health-states.ts';
import { DEFAULT_HEALTH_THRESHOLDS } from './health-thresholds.ts';
import { ingestMetricsRepo } from './ingest-metrics.ts';

describe.each(BACKENDS)('ingest metrics and health on %s', (backend) => {
  const h = harness(backend);

  it('sums counts, volume and distinct ids across flushes', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    const s = source.id;
    const repo = ingestMetricsRepo(store.db);
    const m1 = '2026-03-01T10:00:00.000Z';
    const m2 = '2026-03-02T09:59:00.000Z';
    await repo.add({
      counts: [
        { sourceId: s, minute: m1, outcome: 'accepted', reason: '', count: 5 },
        { sourceId: s, minute: m1, outcome: 'rejected', reason: 'event_not_defined', count: 2 },
        { sourceId: s, minute: m1, outcome: 'api_call', reason: '', count: 3 },
      ],
      volume: [{ sourceId: s, minute: m1, eventType: 'track', eventName: 'A', count: 5 }],
      ids: [
        { sourceId: s, day: '2026-03-01', kind: 'user', idHash: 'u1', linked: false },
        { sourceId: s, day: '2026-03-01', kind: 'anonymous', idHash: 'a1', linked: false },
        { sourceId: s, day: '2026-03-01', kind: 'anonymous', idHash: 'a2', linked: false },
      ],
    });
    await repo.add({
      counts: [
        { sourceId: s, minute: m1, outcome: 'accepted', reason: '', count: 1 },
        { sourceId: s, minute: m2, outcome: 'api_call', reason: '', count: 4 },
      ],
      volume: [{ sourceId: s, minute: m1, eventType: 'track', eventName: 'A', count: 1 }],
      ids: [
        { sourceId: s, day: '2026-03-01', kind: 'user', idHash: 'u1', linked: false },
        { sourceId: s, day: '2026-03-02', kind: 'anonymous', idHash: 'a1', linked: true },
        { sourceId: s, day: '2026-03-02', kind: 'user', idHash: 'u2', linked: false },
      ],
    });
    const totals = await repo.totals([s], '2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z');
    expect(totals.sort((a, b) => a.outcome.localeCompare(b.outcome))).toEqual([
      { sourceId: s, outcome: 'accepted', reason: '', count: 6 },
      { sourceId: s, outcome: 'api_call', reason: '', count: 3 },
      { sourceId: s, outcome: 'rejected', reason: 'event_not_defined', count: 2 },
    ]);
    expect(await repo.daily('api_call', [s], '2026-03-01', '2026-04-01')).toEqual([
      { sourceId: s, day: '2026-03-01', count: 3 },
      { sourceId: s, day: '2026-03-02', count: 4 },
    ]);
    expect(await repo.volume([s], m1, m2)).toEqual([{ sourceId: s, minute: m1, eventType: 'track', eventName: 'A', count: 6 }]);
    const groups = await repo.mtu([s], '2026-03-01', '2026-04-01', true);
    const key = (g: { kind: string; firstDay: string; firstLinkedDay: string | null }) => `${g.kind}:${g.firstDay}:${g.firstLinkedDay}`;
    expect(Object.fromEntries(groups.map((g) => [key(g), g.count]))).toEqual({
      'user:2026-03-01:null': 1,
      'user:2026-03-02:null': 1,
      'anonymous:2026-03-01:2026-03-02': 1,
      'anonymous:2026-03-01:null': 1,
    });
    expect((await repo.mtu([s], '2026-03-01', '2026-04-01', false)).every((g) => g.sourceId === '')).toBe(true);
    expect(await repo.prune('2026-03-02T00:00:00.000Z', '2026-03-02')).toBe(3 + 1 + 3);
    expect(await repo.daily('api_call', [s], '2026-03-01', '2026-04-01')).toEqual([{ sourceId: s, day: '2026-03-02', count: 4 }]);
  });

  it('stores thresholds merged onto the defaults and rejects bad ones by name', async () => {
    const store = await h.open(await h.location());
    const { workspace } = await seed(store);
    const repo = healthSettingsRepo(store.db);
    expect((await repo.get(workspace.id)).thresholds).toEqual(DEFAULT_HEALTH_THRESHOLDS);
    const s = await repo.update(workspace.id, { thresholds: { minEvents: 1, sourceRejectedRate: { failing: 0.9 } }, incidentWebhookUrl: 'https://hooks.example.com/x' });
    expect(s.thresholds.minEvents).toBe(1);
    expect(s.thresholds.sourceRejectedRate).toEqual({ degraded: 0.05, failing: 0.9 });
    expect(s.incidentWebhookUrl).toBe('https://hooks.example.com/x');
    await expect(repo.update(workspace.id, { thresholds: { destinationSuccessRate: { failing: 0.99 } } })).rejects.toThrow(/destinationSuccessRate.failing must be at most degraded/);
    await expect(repo.update(workspace.id, { thresholds: { windowMinute: 3 } })).rejects.toThrow(/thresholds.windowMinute is not a threshold/);
    await expect(repo.update(workspace.id, { incidentWebhookUrl: 'ftp://x' })).rejects.toThrow(/http or https/);
    expect((await repo.update(workspace.id, { incidentWebhookUrl: null })).incidentWebhookUrl).toBeNull();
  });

  it('lets exactly one of several concurrent callers open and close an incident', async () => {
    const loc = await h.location();
    const store = await h.open(loc);
    const other = await h.open(loc);
    const { workspace } = await seed(store);
    const key = { workspaceId: workspace.id, resourceType: 'destination', resourceId: 'dst_1' };
    const a = healthStateRepo(store.db);
    const b = healthStateRepo(other.db);
    const now = '2026-03-01T10:00:00.000Z';
    await a.observe(key, 'failing', ['x'], now);
    await b.observe(key, 'failing', ['x'], now);
    const claims = await Promise.all([a, b, a, b].map((r, i) => r.claimOpen(key, { id: `inc_${i}`, resourceName: 'Hook', state: 'failing', reasons: ['x'], openedAt: now })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const open = (await a.list(workspace.id))[0]!;
    expect(open.incidentId).toBe(`inc_${claims.indexOf(true)}`);
    await a.escalate(open.incidentId!, 'degraded', ['y']);
    expect((await a.incidents(workspace.id, 10))[0]).toMatchObject({ state: 'failing', closedAt: null });
    const later = '2026-03-01T10:05:00.000Z';
    const healthy = await a.observe(key, 'healthy', [], later);
    expect(healthy).toMatchObject({ state: 'healthy', healthySince: later, changedAt: later });
    const closes = await Promise.all([a, b, a].map((r) => r.claimClose(key, open.incidentId!, later)));
    expect(closes.filter(Boolean)).toHaveLength(1);
    await a.markNotified(open.incidentId!, 'incident');
    await a.markNotified(open.incidentId!, 'recovery');
    expect((await b.incidents(workspace.id, 10))[0]).toMatchObject({ closedAt: later, notified: ['incident', 'recovery'] });
    await a.forgetOthers(workspace.id, [], later);
    expect(await a.list(workspace.id)).toEqual([]);
  });
});
