import { describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { startSink } from './__fixtures__/sink-server.ts';
import { ingest, orderByUser, resolveIntegration, seedWebhook, stoppedAfterEach, until } from './__fixtures__/scenario.ts';
import { createEngine } from './engine.ts';

const FAST = { pollIntervalMs: 20, configRefreshMs: 200, leaseMs: 3000, metricsFlushMs: 200, breaker: { minProbeMs: 20, maxProbeMs: 80 } };
const QUICK_RETRY = { retry: { initialDelayMs: 20, maxDelayMs: 80 } };

describe.each(BACKENDS)('delivery engine on %s', (backend) => {
  const h = harness(backend);
  const { engines, sinks } = stoppedAfterEach();
  const sink = async () => {
    const s = await startSink();
    sinks.push(s);
    return s;
  };
  const engine = (store: Parameters<typeof createEngine>[0]['store'], extra: Partial<Parameters<typeof createEngine>[0]> = {}) => {
    const e = createEngine({ store, resolveIntegration, ...FAST, ...extra });
    engines.push(e);
    return e;
  };

  it('delivers everything to a destination that answers 503 for a while, in per-user order', async () => {
    const store = await h.open(await h.location());
    const s = await sink();
    let down = true;
    s.answer(() => (down ? { status: 503, body: 'maintenance' } : { status: 200 }));
    const { sourceId, destination } = await seedWebhook(store, s.url, { options: QUICK_RETRY });
    const e = engine(store);
    await e.start();
    const events = await ingest(store, sourceId, 60, 6);
    await until(() => s.requests >= 10, 'failing attempts');
    down = false;
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 60, 'all 60 events');
    const byUser = orderByUser(s.received);
    for (let u = 0; u < 6; u++) expect(byUser.get(`u${u}`)).toEqual(events.filter((x) => x.userId === `u${u}`).map((x) => x.messageId));
    const window = { destinationId: destination.id, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    await until(async () => (await e.summary(window)).outcomes.delivered === 60, 'metrics of 60 deliveries');
    const summary = await e.summary(window);
    expect(summary.outcomes.retried).toBeGreaterThan(0);
    expect(summary.errors.find((x) => x.outcome === 'retried')?.errorCode).toBe('DESTINATION_UNAVAILABLE');
    expect(summary.latencyMs.count).toBe(60);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50!);
    await until(async () => (await e.summary({ destinationId: destination.id, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })).backlog.count === 0, 'empty backlog');
  });

  it('keeps 400-rejected events in the failed store (secrets redacted) and replay delivers them after the fix', async () => {
    const store = await h.open(await h.location());
    const s = await sink();
    let fixed = false;
    s.answer(() => (fixed ? { status: 200 } : { status: 400, body: 'missing field "plan"' }));
    const secret = 'whsec_super_secret_value_1234';
    const { sourceId, destination, delivery } = await seedWebhook(store, s.url, {
      options: QUICK_RETRY,
      settings: { sharedSecret: secret, headers: { Authorization: 'Bearer tok_abcdefgh12345' } },
    });
    const e = engine(store);
    await e.start();
    await ingest(store, sourceId, 20, 4);
    await until(async () => Object.values(await delivery.failures.countByCode({ destinationId: destination.id })).reduce((a, b) => a + b, 0) === 20, '20 failures');
    const failures = await delivery.failures.list({ destinationId: destination.id });
    expect(failures[0]).toMatchObject({ errorCode: 'PAYLOAD_REJECTED', attempts: 1 });
    expect(failures[0]!.reason).toContain('HTTP 400');
    expect(JSON.parse(failures[0]!.lastResponse!)).toMatchObject({ status: 400, body: 'missing field "plan"' });
    const request = JSON.parse(failures[0]!.lastRequest!) as { url: string; headers: Record<string, string> };
    expect(request.url).toBe(s.url);
    expect(request.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(failures)).not.toContain(secret);
    expect(JSON.stringify(failures)).not.toContain('tok_abcdefgh12345');
    expect(s.received).toHaveLength(0);
    fixed = true;
    expect(await e.replayFailed({ destinationId: destination.id, errorCodes: ['PAYLOAD_REJECTED'] })).toBe(20);
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 20, 'replayed events');
    expect(await delivery.failures.list({ destinationId: destination.id })).toEqual([]);
    const window = { destinationId: destination.id, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    await until(async () => (await e.summary(window)).outcomes.delivered === 20, 'metrics of 20 deliveries');
    expect((await e.summary(window)).outcomes).toMatchObject({ failed: 20, delivered: 20 });
  });

  it('routes by integrations object, destination filters and subscription triggers, with the mapping applied', async () => {
    const store = await h.open(await h.location());
    const s = await sink();
    const { sourceId, destination, subscription, delivery } = await seedWebhook(store, s.url, { name: 'My Hook' });
    await delivery.config.updateSubscription(subscription.id, { trigger: 'event != "Ignored"', mapping: { data: { '@path': '$.properties' } } });
    const noTests = await delivery.config.createFilter({ destinationId: destination.id, title: 'No tests', if: 'match(userId, "test-*")', actions: [{ type: 'DROP' }] });
    const e = engine(store);
    await e.start();
    const mk = (id: string, extra: Record<string, unknown>) => ({ messageId: id, type: 'track', partitionKey: String(extra.userId ?? 'u1'), payload: { messageId: id, type: 'track', userId: 'u1', event: 'Bought', properties: { id }, ...extra } });
    await store.appendEvents(sourceId, [
      mk('ok-1', {}),
      mk('off-all', { integrations: { All: false } }),
      mk('on-by-name', { integrations: { All: false, 'My Hook': true } }),
      mk('off-by-plugin', { integrations: { Webhook: false } }),
      mk('test-user', { userId: 'test-7' }),
      mk('ignored', { event: 'Ignored' }),
    ]);
    await until(() => s.received.length === 2, 'two deliveries');
    const window = { destinationId: destination.id, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    await until(async () => {
      const o = (await e.summary(window)).outcomes;
      return o.delivered + o.filtered + o.discarded === 6;
    }, 'all six routed');
    expect(s.received.map((r) => r.body).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([{ id: 'ok-1' }, { id: 'on-by-name' }]);
    const summary = await e.summary({ destinationId: destination.id, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
    expect(summary.outcomes).toMatchObject({ delivered: 2, filtered: 3, discarded: 1 });
    expect(summary.errors.map((x) => `${x.outcome}:${x.errorCode}:${x.count}`).sort()).toEqual([
      'discarded:NO_MATCHING_MAPPING:1',
      'filtered:FILTERED_BY_INTEGRATIONS_OBJECT:2',
      // The filter that dropped the event is part of the code (Event Delivery names it).
      `filtered:FILTERED_BY_RULES:${noTests.id}:1`,
    ]);
  });

  it('starts a new destination at its creation, replays history on request, and batches by the plugin policy', async () => {
    const store = await h.open(await h.location());
    const first = await sink();
    const { sourceId } = await seedWebhook(store, first.url);
    await ingest(store, sourceId, 30, 3, 'old');
    await new Promise((r) => setTimeout(r, 20));
    const s = await sink();
    const { destination } = await seedWebhook(store, s.url, { sourceId, name: 'Late', settings: { batchRequests: true }, options: { ordered: false } });
    const e = engine(store);
    await e.start();
    await ingest(store, sourceId, 10, 3, 'new');
    await until(() => s.received.length === 10, 'only the new events');
    expect(s.received.every((r) => r.messageId.startsWith('new-'))).toBe(true);
    // 3 users → at most 3 partitions, each read in one chunk and sent as one JSON array
    expect(s.requests).toBeLessThanOrEqual(3);
    await e.replayHistory({ destinationId: destination.id, fromSeq: 1 });
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 40, 'history replayed');
    await expect(e.replayHistory({ destinationId: destination.id })).rejects.toThrow(/fromSeq or since/);
  });

  it('stops gracefully: in-flight work finishes, leases are released, another engine finishes the rest', async () => {
    const loc = await h.location();
    const store = await h.open(loc);
    const s = await sink();
    s.answer(() => ({ status: 200, delayMs: 30 }));
    const { sourceId, delivery, destination } = await seedWebhook(store, s.url, { options: { batch: false } });
    const a = engine(store, { workerId: 'a' });
    await a.start();
    const events = await ingest(store, sourceId, 200, 20);
    await until(() => s.received.length >= 20, 'some deliveries');
    await a.stop();
    const cursors = await delivery.cursors.list(destination.id);
    expect(cursors.every((c) => c.leaseOwner === null)).toBe(true);
    const got = s.received.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.received.length).toBe(got);
    const b = engine(store, { workerId: 'b' });
    await b.start();
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 200, 'all events after restart');
    expect(s.received.length).toBe(200);
    const byUser = orderByUser(s.received);
    expect(byUser.get('u3')).toEqual(events.filter((x) => x.userId === 'u3').map((x) => x.messageId));
  });
});
