import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { startSink, type Sink } from './__fixtures__/sink-server.ts';
import { ingest, orderByUser, resolveIntegration, seedWebhook, until } from './__fixtures__/scenario.ts';
import { createEngine, type Engine } from './engine.ts';

const FAST = { pollIntervalMs: 20, configRefreshMs: 200, leaseMs: 3000, metricsFlushMs: 200 };
const WARMUP_MS = 500;
const WINDOW_MS = 1500;

describe.each(BACKENDS)('isolation, ordering and rate limits on %s', (backend) => {
  const h = harness(backend);
  const engines: Engine[] = [];
  const sinks: Sink[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
    for (const s of sinks.splice(0)) await s.close();
  });
  const sink = async () => {
    const s = await startSink();
    sinks.push(s);
    return s;
  };
  const engine = (store: Parameters<typeof createEngine>[0]['store']) => {
    const e = createEngine({ store, resolveIntegration, ...FAST });
    engines.push(e);
    return e;
  };
  const rateLimited = { rateLimit: { perSecond: 100, burst: 10 }, batch: false };

  async function countInWindow(e: Engine, s: Sink): Promise<number> {
    await e.start();
    await until(() => s.received.length > 0, 'first delivery');
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const start = s.received.length;
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const count = s.received.length - start;
    await e.stop();
    return count;
  }

  it('keeps ≥ 90% of a destination\'s throughput while another destination of the same source times out', async () => {
    const store = await h.open(await h.location());
    const alone = await sink();
    const a = await seedWebhook(store, alone.url, { options: rateLimited });
    await ingest(store, a.sourceId, 2000, 50, 'a');
    const baseline = await countInWindow(engine(store), alone);

    const store2 = await h.open(await h.location());
    const healthy = await sink();
    const hanging = await sink();
    hanging.answer(() => ({ status: 200, hang: true }));
    const b = await seedWebhook(store2, healthy.url, { options: rateLimited });
    await seedWebhook(store2, hanging.url, { sourceId: b.sourceId, name: 'Hanging', options: { timeoutMs: 150, retry: { initialDelayMs: 500, maxDelayMs: 1000 } } });
    await ingest(store2, b.sourceId, 2000, 50, 'b');
    const withNeighbour = await countInWindow(engine(store2), healthy);
    expect(hanging.requests).toBeGreaterThan(0);
    expect(baseline).toBeGreaterThan(50);
    expect(withNeighbour).toBeGreaterThanOrEqual(0.9 * baseline);
  }, 20_000);

  it('keeps per-user order when random deliveries fail and are retried', async () => {
    const store = await h.open(await h.location());
    const s = await sink();
    let n = 0;
    s.answer(() => (++n % 4 === 0 ? { status: 500 } : { status: 200 }));
    const { sourceId } = await seedWebhook(store, s.url, { options: { retry: { initialDelayMs: 10, maxDelayMs: 40 } } });
    const e = engine(store);
    await e.start();
    const events = await ingest(store, sourceId, 200, 8);
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 200, 'all events');
    const byUser = orderByUser(s.received);
    for (let u = 0; u < 8; u++) expect(byUser.get(`u${u}`)).toEqual(events.filter((x) => x.userId === `u${u}`).map((x) => x.messageId));
  }, 30_000);

  it('without ordering, a retrying event does not hold back the same user', async () => {
    const store = await h.open(await h.location());
    const s = await sink();
    s.answer((events) => (events[0]?.messageId === 'm-0' && s.requests < 5 ? { status: 503 } : { status: 200 }));
    const { sourceId } = await seedWebhook(store, s.url, { options: { ordered: false, batch: false, retry: { initialDelayMs: 30, maxDelayMs: 60 } } });
    const e = engine(store);
    await e.start();
    await ingest(store, sourceId, 5, 1);
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 5, 'all events');
    expect(s.received.at(-1)?.messageId).toBe('m-0');
  }, 30_000);

  it('honours 429 Retry-After: no request reaches the destination before the pause ends', async () => {
    const store = await h.open(await h.location());
    const s = await sink();
    const times: number[] = [];
    s.answer(() => {
      times.push(Date.now());
      return times.length === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
    });
    const { sourceId } = await seedWebhook(store, s.url, { options: { batch: false } });
    const e = engine(store);
    await e.start();
    await ingest(store, sourceId, 3, 1);
    await until(() => s.received.length === 3, 'all events', 8000);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  }, 30_000);
});
