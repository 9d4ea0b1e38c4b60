import { describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { startSink } from './__fixtures__/sink-server.ts';
import { ingest, resolveIntegration, seedWebhook, stoppedAfterEach, until } from './__fixtures__/scenario.ts';
import { createEngine } from './engine.ts';

// Idle lanes sleep a minute here: only the log-head wake can deliver within the test's timeout.
const SLEEPY = { pollIntervalMs: 60_000, headPollMs: 10, configRefreshMs: 60_000, leaseMs: 3000, metricsFlushMs: 60_000 };

describe.each(BACKENDS)('waking idle lanes when the log head moves on %s', (backend) => {
  const h = harness(backend);
  const { engines, sinks } = stoppedAfterEach();

  it('delivers events appended while every lane sleeps, in per-user order, per event and batched', async () => {
    const store = await h.open(await h.location());
    const perEvent = await startSink();
    const batched = await startSink();
    sinks.push(perEvent, batched);
    const { sourceId } = await seedWebhook(store, perEvent.url, { options: { batch: false } });
    // A batching destination is woken only once about a full batch per partition arrived.
    await seedWebhook(store, batched.url, { sourceId, name: 'Batched', settings: { batchRequests: true }, options: { batch: { maxCount: 2, maxBytes: 100_000, maxWaitMs: 1000 } } });
    await new Promise((r) => setTimeout(r, 5)); // cursors start after the destinations' creation
    const engine = createEngine({ store, resolveIntegration, ...SLEEPY });
    engines.push(engine);
    await engine.start();
    await until(() => engine.status().lanesHeld === 2 * store.partitions, 'lanes held');
    const first = await ingest(store, sourceId, 1, 1, 'first');
    await until(() => perEvent.received.length === 1, 'the first event, per event');
    expect(perEvent.received[0]!.messageId).toBe(first[0]!.messageId);
    expect(batched.received).toHaveLength(0); // one event is far from a batch per partition: not woken
    const more = await ingest(store, sourceId, 4 * store.partitions, 5, 'more');
    await until(() => perEvent.received.length === 1 + more.length && batched.received.length >= more.length, 'the rest');
    for (let u = 0; u < 5; u++) {
      const sent = more.filter((e) => e.userId === `u${u}`).map((e) => e.messageId);
      expect(perEvent.received.filter((r) => r.userId === `u${u}` && r.messageId.startsWith('more')).map((r) => r.messageId)).toEqual(sent);
    }
  }, 20_000);
});
