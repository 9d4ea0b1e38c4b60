import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@junction/store';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInIntegration, engineEnabled, engineMode, startDelivery } from './start-delivery.ts';

describe('host delivery wiring', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-host-delivery-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ENGINE and rejects anything but on/thread/off', () => {
    expect(engineEnabled({})).toBe(true);
    expect(engineEnabled({ ENGINE: 'off' })).toBe(false);
    expect(engineEnabled({ ENGINE: 'thread' })).toBe(true);
    expect(engineMode({})).toBe('on');
    expect(engineMode({ ENGINE: 'Thread' })).toBe('thread');
    expect(() => engineEnabled({ ENGINE: 'maybe' })).toThrow(/ENGINE must be "on", "thread" or "off", got "maybe"/);
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

  it('ENGINE=thread: runs the engine in a worker thread with its own store and resolver, status and breakers on the main thread', async () => {
    const threadDir = mkdtempSync(join(tmpdir(), 'junction-host-delivery-thread-'));
    const store = await openStore({ dataDir: threadDir });
    try {
      const ws = await store.workspaces.create({ slug: 'w', name: 'W' });
      const src = await store.sources.create({ workspaceId: ws.id, slug: 's', name: 'S' });
      const d = await store.destinations.create({ sourceId: src.id, integration: 'webhook', pluginVersion: '0.1.0', name: 'Hook', settings: '{"url":"http://127.0.0.1:9/x"}' });
      const engine = await startDelivery(store, { pollIntervalMs: 20, workerId: 'host-thread-test' }, 'thread', { DATA_DIR: threadDir });
      expect(engine.status().workerId).toBe('host-thread-test');
      const deadline = Date.now() + 15_000;
      while (engine.status().lanesHeld < store.partitions && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(engine.status().lanesHeld).toBe(store.partitions);
      expect(engine.status().paused).toEqual({});
      expect(engine.status().breakers[d.id]).toMatchObject({ state: 'closed' });
      await engine.stop();
      const cursors = await engine.delivery.cursors.list(d.id);
      expect(cursors).toHaveLength(store.partitions);
      expect(cursors.every((c) => c.leaseOwner === null)).toBe(true);
    } finally {
      await store.close();
      rmSync(threadDir, { recursive: true, force: true });
    }
  }, 30_000);
});
