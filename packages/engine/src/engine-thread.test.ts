import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, pgUrl } from './__fixtures__/backends.ts';
import { ingest, orderByUser, seedWebhook, stoppedAfterEach, until } from './__fixtures__/scenario.ts';
import { startSink } from './__fixtures__/sink-server.ts';
import { startEngineThread } from './engine-thread.ts';

const entry = new URL('./__fixtures__/engine-thread-entry.ts', import.meta.url);
const WINDOW = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

describe.each(BACKENDS)('engine in a worker thread on %s', (backend) => {
  const h = harness(backend);
  const { engines, sinks } = stoppedAfterEach();

  it('delivers in per-user order, exposes status, breakers and summary, and releases its leases on stop', async () => {
    const loc = await h.location();
    const store = await h.open(loc);
    const sink = await startSink();
    sinks.push(sink);
    let down = true;
    sink.answer(() => (down ? { status: 503, body: 'maintenance' } : { status: 200 }));
    const { sourceId, destination } = await seedWebhook(store, sink.url, { options: { retry: { initialDelayMs: 20, maxDelayMs: 80 } } });
    const where = loc.backend === 'sqlite' ? { dataDir: loc.dataDir } : { databaseUrl: pgUrl(), schema: loc.schema };
    const engine = await startEngineThread({ entry, workerData: { ...where, workerId: 'thread-1' }, store });
    engines.push(engine);
    expect(engine.status().workerId).toBe('thread-1');
    const events = await ingest(store, sourceId, 300, 6);
    // The main thread sees the thread's breaker open through status().
    await until(() => engine.status().breakers[destination.id]?.state === 'open', 'the breaker to open in status()');
    down = false;
    await until(() => new Set(sink.received.map((r) => r.messageId)).size === 300, 'all 300 events', 20_000);
    const byUser = orderByUser(sink.received);
    for (let u = 0; u < 6; u++) expect(byUser.get(`u${u}`)).toEqual(events.filter((e) => e.userId === `u${u}`).map((e) => e.messageId));
    await until(() => engine.status().totals.delivered >= 300, 'the delivered total in status()');
    expect(engine.status().breakers[destination.id]?.state).toBe('closed');
    const summary = await engine.summary({ destinationId: destination.id, ...WINDOW });
    expect(summary.breaker?.state).toBe('closed');
    expect(summary.outcomes.delivered).toBeGreaterThanOrEqual(300);
    await expect(engine.replayHistory({ destinationId: destination.id })).rejects.toThrow(/replayHistory needs fromSeq or since/);
    await engine.stop();
    const cursors = await engine.delivery.cursors.list(destination.id);
    expect(cursors).toHaveLength(store.partitions);
    expect(cursors.every((c) => c.leaseOwner === null)).toBe(true);
    await expect(engine.flushMetrics()).rejects.toThrow(/after the thread exited/);
  }, 40_000);

  it('rejects when the thread cannot start, naming the reason', async () => {
    const store = await h.open(await h.location());
    const bad = new URL('./__fixtures__/no-such-entry.ts', import.meta.url);
    await expect(startEngineThread({ entry: bad, store, log: () => {} })).rejects.toThrow(/no-such-entry|Cannot find/);
  });
});
