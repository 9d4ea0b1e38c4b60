import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@junction/store';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInIntegration, engineEnabled, startDelivery } from './start-delivery.ts';

describe('host delivery wiring', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-host-delivery-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ENGINE and rejects anything but on/off', () => {
    expect(engineEnabled({})).toBe(true);
    expect(engineEnabled({ ENGINE: 'off' })).toBe(false);
    expect(() => engineEnabled({ ENGINE: 'maybe' })).toThrow(/ENGINE must be "on" or "off"/);
    expect(builtInIntegration('webhook')?.slug).toBe('webhook');
    expect(builtInIntegration('toString')).toBeUndefined();
  });

  it('starts the engine on a store and stops it, releasing its leases', async () => {
    const store = await openStore({ dataDir: dir });
    const ws = await store.workspaces.create({ slug: 'w', name: 'W' });
    const src = await store.sources.create({ workspaceId: ws.id, slug: 's', name: 'S' });
    const d = await store.destinations.create({ sourceId: src.id, integration: 'webhook', pluginVersion: '0.1.0', name: 'Hook', settings: '{"url":"http://127.0.0.1:9/x"}' });
    const engine = await startDelivery(store, { pollIntervalMs: 20, workerId: 'host-test' });
    expect(engine.status().lanesHeld).toBeGreaterThanOrEqual(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.status().lanesHeld).toBe(store.partitions);
    await engine.stop();
    const cursors = await engine.delivery.cursors.list(d.id);
    expect(cursors).toHaveLength(store.partitions);
    expect(cursors.every((c) => c.leaseOwner === null)).toBe(true);
    await store.close();
  });
});
