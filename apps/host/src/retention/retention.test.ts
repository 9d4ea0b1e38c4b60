import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, ingestMetricsRepo, openAdminStore, openIamStore, openIdentityStore, openStore, type Store } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRetentionEnv, startHostRetention } from './host-retention.ts';
import { startRetention } from './retention.ts';
import { auditRetentionJob, ingestMetricsRetentionJob, sessionRetentionJob } from './retention-jobs.ts';

const dir = mkdtempSync(join(tmpdir(), 'junction-retention-'));
let store: Store;
const NOW = new Date('2026-06-29T00:00:00.000Z'); // 90 days back: 2026-03-31T00:00:00Z
beforeAll(async () => {
  store = await openStore({ dataDir: dir });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seedWorkspace(slug: string) {
  const ws = await store.workspaces.create({ slug, name: slug });
  const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
  return { ws, source };
}

describe('audit retention job', () => {
  it('deletes entries older than the retention in every workspace and keeps the rest', async () => {
    const admin = openAdminStore(store);
    const a = (await seedWorkspace('audit-a')).ws;
    const b = (await seedWorkspace('audit-b')).ws;
    const entry = (workspaceId: string, timestamp: string, resourceName: string) =>
      admin.auditEvents.record({ workspaceId, timestamp, type: 'Source Created', actor: 'tok', resourceId: resourceName, resourceType: 'source', resourceName, before: null, after: null });
    await entry(a.id, '2026-01-01T00:00:00.000Z', 'a-old');
    await entry(a.id, '2026-03-31T00:00:01.000Z', 'a-new');
    await entry(b.id, '2025-12-01T00:00:00.000Z', 'b-old');
    await entry(b.id, '2026-06-29T00:00:00.000Z', 'b-new');
    const logs: string[] = [];
    const retention = startRetention({ jobs: [auditRetentionJob(admin.auditEvents, 90)], now: () => NOW, log: (l) => logs.push(l), intervalMs: 60_000 });
    retention.stop();
    await retention.first;
    const names = async (workspaceId: string) => (await admin.auditEvents.list({ workspaceId })).events.map((e) => e.resourceName);
    expect(await names(a.id)).toEqual(['a-new']);
    expect(await names(b.id)).toEqual(['b-new']);
    expect(logs).toEqual(['retention: audit: pruned 2 rows (keeps 90 days)']);
    expect(await retention.runOnce()).toEqual({ audit: 0 });
  });
});

describe('ingest metrics retention job', () => {
  it('drops counts and volume older than the metrics retention and MTU ids older than the MTU retention', async () => {
    const { source } = await seedWorkspace('ingest');
    const repo = ingestMetricsRepo(store.db);
    const count = (minute: string) => ({ sourceId: source.id, minute, outcome: 'accepted' as const, reason: '', count: 3 });
    await repo.add({
      counts: [count('2026-03-30T23:59:00.000Z'), count('2026-03-31T00:00:00.000Z')],
      volume: [{ sourceId: source.id, minute: '2026-03-30T23:59:00.000Z', eventType: 'track', eventName: 'Old', count: 3 }, { sourceId: source.id, minute: '2026-04-01T00:00:00.000Z', eventType: 'track', eventName: 'New', count: 3 }],
      ids: [
        { sourceId: source.id, day: '2025-05-24', kind: 'user', idHash: '0000000000000001', linked: false },
        { sourceId: source.id, day: '2025-05-25', kind: 'user', idHash: '0000000000000002', linked: false },
      ],
    });
    const job = ingestMetricsRetentionJob(repo, { metricsDays: 90, mtuDays: 400 }); // 400 days back: 2025-05-25
    expect(await job.prune(NOW)).toBe(3);
    expect(await repo.totals([source.id], '2000-01-01', '2100-01-01')).toEqual([{ sourceId: source.id, outcome: 'accepted', reason: '', count: 3 }]);
    expect((await repo.volume([source.id], '2000-01-01', '2100-01-01')).map((v) => v.eventName)).toEqual(['New']);
    expect((await repo.mtu([source.id], '2000-01-01', '2100-01-01', true)).map((g) => g.firstDay)).toEqual(['2025-05-25']);
    expect(await job.prune(NOW)).toBe(0);
  });
});

describe('session retention job', () => {
  it('removes sessions past their expiry or idle too long and keeps live ones', async () => {
    const identity = openIdentityStore(store);
    const user = await openIamStore(store).users.create({ email: 'ret@example.com', name: 'Ret' });
    const session = (id: string, lastSeen: Date, expiresAt: Date) => identity.sessions.create({ idHash: hashToken(id), userId: user.id, workspaceId: null, method: 'password', mfaVerified: true, now: lastSeen, expiresAt });
    const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
    await session('live', hours(-1), hours(24));
    await session('idle', hours(-13), hours(24)); // idle 13 h > 12 h
    await session('expired', hours(-0.5), hours(-0.1));
    const job = sessionRetentionJob(identity.sessions, 12 * 60);
    expect(await job.prune(NOW)).toBe(2);
    expect(await identity.sessions.get(hashToken('live'))).toBeDefined();
    expect(await identity.sessions.get(hashToken('idle'))).toBeUndefined();
    expect(await identity.sessions.get(hashToken('expired'))).toBeUndefined();
  });
});

describe('startRetention and the host wiring', () => {
  it('keeps running the other jobs when one fails, and logs the failure', async () => {
    const logs: string[] = [];
    const ran: string[] = [];
    const retention = startRetention({
      jobs: [
        { name: 'broken', keeps: 'x', prune: async () => { ran.push('broken'); throw new Error('database is locked'); } },
        { name: 'fine', keeps: '1 day', prune: async (now) => { ran.push(`fine@${now.toISOString()}`); return 4; } },
      ],
      now: () => NOW,
      log: (l) => logs.push(l),
    });
    retention.stop();
    await retention.first;
    expect(ran).toEqual(['broken', `fine@${NOW.toISOString()}`]);
    expect(logs).toEqual(['retention: broken: pruning failed (will retry): database is locked', 'retention: fine: pruned 4 rows (keeps 1 day)']);
    expect(await retention.runOnce()).toEqual({ fine: 4 });
  });

  it('reads the retention periods from the environment and names a bad variable', () => {
    expect(readRetentionEnv({})).toEqual({ ingestMetricsDays: 90, mtuDays: 400 });
    expect(readRetentionEnv({ INGEST_METRICS_RETENTION_DAYS: '30', MTU_RETENTION_DAYS: '62' })).toEqual({ ingestMetricsDays: 30, mtuDays: 62 });
    expect(() => readRetentionEnv({ MTU_RETENTION_DAYS: '0' })).toThrow(/MTU_RETENTION_DAYS must be an integer between 1 and 36500/);
    expect(() => readRetentionEnv({ INGEST_METRICS_RETENTION_DAYS: '1.5' })).toThrow(/INGEST_METRICS_RETENTION_DAYS/);
  });

  it('startHostRetention runs audit, ingest metrics and sessions jobs on the store', async () => {
    const logs: string[] = [];
    const retention = startHostRetention(store, { auditRetentionDays: 90, env: {}, log: (l) => logs.push(l) });
    retention.stop();
    await retention.first;
    expect(Object.keys(await retention.runOnce())).toEqual(['audit', 'ingest-metrics', 'sessions']);
    expect(logs.filter((l) => l.includes('failed'))).toEqual([]);
  });
});
