import { describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { ingest, orderByUser, resolveIntegration, seedWebhook, stoppedAfterEach, until } from './__fixtures__/scenario.ts';
import { startSink } from './__fixtures__/sink-server.ts';
import { createEngine } from './engine.ts';

const FAST = { pollIntervalMs: 20, configRefreshMs: 200, leaseMs: 3000, metricsFlushMs: 200 };
const QUICK_RETRY = { retry: { initialDelayMs: 20, maxDelayMs: 80 } };
const WINDOW = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

describe.each(BACKENDS)('circuit breaker on %s', (backend) => {
  const h = harness(backend);
  const { engines, sinks } = stoppedAfterEach();
  const setup = async (breaker: Parameters<typeof createEngine>[0]['breaker']) => {
    const store = await h.open(await h.location());
    const sink = await startSink();
    sinks.push(sink);
    let down = true;
    sink.answer(() => (down ? { status: 503, body: 'maintenance' } : { status: 200 }));
    const seeded = await seedWebhook(store, sink.url, { options: QUICK_RETRY });
    const engine = createEngine({ store, resolveIntegration, ...FAST, breaker });
    engines.push(engine);
    await engine.start();
    const queued = async (prefix = '') => (await seeded.delivery.retries.list(seeded.destination.id, 100_000)).filter((r) => r.messageId.startsWith(prefix)).length;
    return { store, sink, engine, ...seeded, queued, recover: () => (down = false) };
  };

  it('stops reading the log while the destination is down, probes, and delivers everything in order after recovery', async () => {
    const t = await setup({ threshold: 3, minProbeMs: 50, maxProbeMs: 200 });
    const first = await ingest(t.store, t.sourceId, 40, 8, 'a');
    await until(() => t.engine.status().breakers[t.destination.id]?.state === 'open', 'the breaker to open');
    const later = await ingest(t.store, t.sourceId, 400, 8, 'b');
    const requests = t.sink.requests;
    await until(() => t.sink.requests >= requests + 3, 'three probes');
    // Events ingested after the breaker opened stay in the log: at most one probe event per lane joins the queue.
    expect(await t.queued('b-')).toBeLessThanOrEqual(t.store.partitions);
    expect(await t.queued()).toBeLessThanOrEqual(40 + t.store.partitions);
    const summary = await t.engine.summary({ destinationId: t.destination.id, ...WINDOW });
    expect(summary.breaker).toMatchObject({ lastErrorCode: 'DESTINATION_UNAVAILABLE' });
    expect(summary.breaker?.state).not.toBe('closed');
    expect(summary.breaker?.probes).toBeGreaterThan(0);
    expect(summary.backlog.count).toBeGreaterThanOrEqual(440);

    t.recover();
    await until(() => new Set(t.sink.received.map((r) => r.messageId)).size === 440, 'all 440 events', 20_000);
    const all = [...first, ...later];
    const byUser = orderByUser(t.sink.received);
    for (let u = 0; u < 8; u++) expect(byUser.get(`u${u}`)).toEqual(all.filter((x) => x.userId === `u${u}`).map((x) => x.messageId));
    expect(t.engine.status().breakers[t.destination.id]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    await until(async () => (await t.queued()) === 0, 'an empty retry queue');
  }, 30_000);

  it('without the breaker the retry queue grows with the outage', async () => {
    const t = await setup(false);
    await ingest(t.store, t.sourceId, 440, 8, 'a');
    await until(async () => (await t.queued()) === 440, 'every event queued for retry');
    expect(t.engine.status().breakers).toEqual({});
  }, 20_000);
});
