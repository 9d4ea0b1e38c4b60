import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAdminStore, openStore, type Store } from '@junction/store';
import { afterAll, describe, expect, it } from 'vitest';
import { startAuditRetention } from './audit-retention.ts';

const dir = mkdtempSync(join(tmpdir(), 'junction-audit-retention-'));
let store: Store | undefined;
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit retention', () => {
  it('deletes entries older than the retention in every workspace and keeps the rest', async () => {
    store = await openStore({ dataDir: dir });
    const admin = openAdminStore(store);
    const a = await store.workspaces.create({ slug: 'a', name: 'A' });
    const b = await store.workspaces.create({ slug: 'b', name: 'B' });
    const entry = (workspaceId: string, timestamp: string, resourceName: string) =>
      admin.auditEvents.record({ workspaceId, timestamp, type: 'Source Created', actor: 'tok', resourceId: resourceName, resourceType: 'source', resourceName, before: null, after: null });
    await entry(a.id, '2026-01-01T00:00:00.000Z', 'a-old');
    await entry(a.id, '2026-03-31T00:00:01.000Z', 'a-new');
    await entry(b.id, '2025-12-01T00:00:00.000Z', 'b-old');
    await entry(b.id, '2026-06-29T00:00:00.000Z', 'b-new');
    const now = () => new Date('2026-06-29T00:00:00.000Z'); // 90 days back: 2026-03-31T00:00:00Z
    const logs: string[] = [];
    const retention = startAuditRetention({ auditEvents: admin.auditEvents, retentionDays: 90, now, log: (l) => logs.push(l), intervalMs: 60_000 });
    retention.stop();
    await retention.first;
    const names = async (workspaceId: string) => (await admin.auditEvents.list({ workspaceId })).events.map((e) => e.resourceName);
    expect(await names(a.id)).toEqual(['a-new']);
    expect(await names(b.id)).toEqual(['b-new']);
    expect(logs).toEqual(['audit: pruned 2 entries older than 90 days']);
    expect(await retention.runOnce()).toBe(0);
  });
});
