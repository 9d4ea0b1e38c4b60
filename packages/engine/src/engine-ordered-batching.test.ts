import { describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { ingest, orderByUser, resolveIntegration, seedWebhook, stoppedAfterEach, until } from './__fixtures__/scenario.ts';
import { startSink } from './__fixtures__/sink-server.ts';
import { createEngine } from './engine.ts';

const FAST = { pollIntervalMs: 20, configRefreshMs: 200, leaseMs: 3000, metricsFlushMs: 200 };

describe.each(BACKENDS)('ordered batching on %s', (backend) => {
  const h = harness(backend);
  const { engines, sinks } = stoppedAfterEach();

  it('carries several events of one user per batch, in order, and keeps per-user order when whole batches fail', async () => {
    const store = await h.open(await h.location());
    const sink = await startSink();
    sinks.push(sink);
    const sizes: number[] = [];
    sink.answer((events, n) => {
      sizes.push(events.length);
      return n % 3 === 0 ? { status: 503 } : { status: 200 };
    });
    const { sourceId } = await seedWebhook(store, sink.url, { settings: { batchRequests: true }, options: { retry: { initialDelayMs: 10, maxDelayMs: 40 } } });
    const events = await ingest(store, sourceId, 400, 40);
    const engine = createEngine({ store, resolveIntegration, ...FAST });
    engines.push(engine);
    await engine.start();
    await until(() => new Set(sink.received.map((r) => r.messageId)).size === 400, 'all 400 events', 20_000);
    const byUser = orderByUser(sink.received);
    for (let u = 0; u < 40; u++) expect(byUser.get(`u${u}`)).toEqual(events.filter((x) => x.userId === `u${u}`).map((x) => x.messageId));
    // Some request carried several events of one user (one event per user per request would need ≥ 10 requests per lane).
    const perUserInOne = sink.received.some((r, i) => sink.received.slice(i + 1, i + 5).some((x) => x.userId === r.userId && x.headers === r.headers));
    expect(perUserInOne).toBe(true);
    expect(Math.max(...sizes)).toBeGreaterThan(Math.ceil(40 / store.partitions) + 2);
  }, 30_000);
});
