import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import type { RetryRow } from './delivery-retries.ts';
import { openDeliveryStore } from './delivery-store.ts';

const T0 = Date.parse('2025-01-31T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function retry(destinationId: string, seq: number, user: string, head: 0 | 1, due = T0): RetryRow {
  return {
    id: `r${seq}-${user}`,
    destinationId,
    partition: 0,
    seq,
    userKey: user,
    subscriptionId: 'sub',
    messageId: `m${seq}`,
    eventType: 'track',
    receivedAt: iso(T0),
    event: '{}',
    attempts: head,
    firstAttemptAt: head ? iso(T0) : null,
    nextAttemptAt: iso(due),
    head,
    lastErrorCode: null,
    lastError: null,
    createdAt: iso(T0),
  };
}

describe.each(BACKENDS)('delivery store on %s', (backend) => {
  const h = harness(backend);

  async function setup() {
    const store = await h.open(await h.location(), { partitions: 4 });
    const { source } = await seed(store);
    const dest = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: '0.1.0', name: 'Hook' });
    return { store, source, dest, d: openDeliveryStore(store) };
  }

  it('stores subscriptions, filters and options, with errors naming the field', async () => {
    const { dest, d } = await setup();
    const s = await d.config.createSubscription({ destinationId: dest.id, actionId: 'send', name: 'All', trigger: 'all', mapping: { data: { '@path': '$.properties' } } });
    expect(s).toMatchObject({ enabled: true, mapping: { data: { '@path': '$.properties' } } });
    await d.config.updateSubscription(s.id, { enabled: false, trigger: 'type = "track"' });
    const f = await d.config.createFilter({ destinationId: dest.id, title: 'No tests', if: 'userId = "t"', actions: [{ type: 'DROP' }] });
    expect((await d.config.listSubscriptions([dest.id]))[0]).toMatchObject({ enabled: false, trigger: 'type = "track"' });
    expect((await d.config.listFilters([dest.id]))[0]).toMatchObject({ id: f.id, if: 'userId = "t"', actions: [{ type: 'DROP' }] });
    await d.config.setOptions(dest.id, { ordered: false });
    await d.config.setOptions(dest.id, { ordered: true });
    expect((await d.config.getOptions([dest.id])).get(dest.id)?.options).toEqual({ ordered: true });
    await expect(d.config.createSubscription({ destinationId: 'nope', actionId: 'send', name: 'x', trigger: 'all' })).rejects.toThrow(/subscription\.destinationId/);
    await expect(d.config.createSubscription({ destinationId: dest.id, actionId: 'send', name: 'x', trigger: '', mapping: {} })).rejects.toThrow(/subscription\.trigger/);
    await expect(d.config.createFilter({ destinationId: dest.id, title: 'x', if: 'all', actions: 'DROP' as never })).rejects.toThrow(/filter\.actions/);
  });

  it('leases lanes to one owner at a time, hands expired leases over and guards commits', async () => {
    const { dest, d } = await setup();
    await d.cursors.ensure(dest.id, 4, 10, T0);
    await d.cursors.ensure(dest.id, 4, 99, T0); // existing cursors are kept
    expect(await d.cursors.acquire(dest.id, 0, 'a', T0, 1000)).toBe(10);
    expect(await d.cursors.acquire(dest.id, 0, 'b', T0 + 500, 1000)).toBeUndefined();
    const base = { destinationId: dest.id, partition: 0, insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [] };
    expect(await d.commitLane({ ...base, owner: 'a', now: T0, cursorSeq: 20 })).toBe(true);
    expect(await d.cursors.acquire(dest.id, 0, 'b', T0 + 1001, 1000)).toBe(20);
    expect(await d.commitLane({ ...base, owner: 'a', now: T0, cursorSeq: 30, insertRetries: [retry(dest.id, 25, 'u', 1)] })).toBe(false);
    expect(await d.retries.list(dest.id)).toEqual([]);
    await d.cursors.rewind(dest.id, 5);
    expect(await d.commitLane({ ...base, owner: 'b', now: T0, cursorSeq: 30 })).toBe(false);
    expect(await d.cursors.acquire(dest.id, 0, 'b', T0 + 1100, 1000)).toBe(5);
    await d.cursors.release(dest.id, 0, 'b');
    expect(await d.cursors.acquire(dest.id, 0, 'c', T0 + 1100, 1000)).toBe(5);
    expect(await d.cursors.held('c')).toBe(1);
    expect(await d.cursors.heartbeat('c', T0, 1000)).toBe(1);
    expect(await d.cursors.heartbeat('d', T0, 1000)).toBe(2);
  });

  it('commits several lanes in one transaction, each guarded by its own lease, and isolates a failing lane', async () => {
    const { dest, d } = await setup();
    await d.cursors.ensure(dest.id, 4, 0, T0);
    for (const [p, owner] of [[0, 'a'], [1, 'b'], [2, 'a'], [3, 'a']] as const) await d.cursors.acquire(dest.id, p, owner, T0, 60_000);
    const lane = (partition: number, cursorSeq: number, insertRetries: RetryRow[] = []) => ({
      destinationId: dest.id, partition, owner: 'a', now: T0, cursorSeq, insertRetries, updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [],
    });
    const r2 = { ...retry(dest.id, 7, 'u', 1), partition: 2 };
    const results = await d.commitLanes([lane(2, 70, [r2]), lane(1, 50, [{ ...retry(dest.id, 5, 'v', 1), partition: 1 }]), lane(0, 30)]);
    expect(results).toEqual([{ status: 'fulfilled', value: true }, { status: 'fulfilled', value: false }, { status: 'fulfilled', value: true }]);
    expect((await d.retries.list(dest.id)).map((r) => r.id)).toEqual([r2.id]); // lane 1 wrote nothing
    expect(await d.cursors.acquire(dest.id, 0, 'a', T0, 60_000)).toBe(30);
    expect(await d.cursors.acquire(dest.id, 2, 'a', T0, 60_000)).toBe(70);
    expect(await d.cursors.acquire(dest.id, 1, 'b', T0, 60_000)).toBe(0);
    // Lane 2 inserts a row id that exists: only lane 2 fails, lane 3 still commits.
    const again = await d.commitLanes([lane(3, 90), lane(2, 80, [r2])]);
    expect(again[0]).toEqual({ status: 'fulfilled', value: true });
    expect(again[1]!.status).toBe('rejected');
    expect(await d.cursors.acquire(dest.id, 3, 'a', T0, 60_000)).toBe(90);
    expect(await d.cursors.acquire(dest.id, 2, 'a', T0, 60_000)).toBe(70);
  });

  it('queues a user behind its head row and promotes the next one when the head leaves', async () => {
    const { dest, d } = await setup();
    await d.cursors.ensure(dest.id, 4, 0, T0);
    await d.cursors.acquire(dest.id, 0, 'a', T0, 60_000);
    const base = { destinationId: dest.id, partition: 0, owner: 'a', now: T0, updateRetries: [], failures: [], promoteUsers: [] as string[], deleteRetries: [] as string[] };
    const rows = [retry(dest.id, 1, 'u1', 1, T0 + 5000), retry(dest.id, 2, 'u1', 0), retry(dest.id, 3, 'u1', 0), retry(dest.id, 4, 'u2', 1)];
    expect(await d.commitLane({ ...base, cursorSeq: 4, insertRetries: rows })).toBe(true);
    expect((await d.retries.due(dest.id, 0, T0, 10)).map((r) => r.seq)).toEqual([4]);
    expect((await d.retries.due(dest.id, 0, T0 + 5000, 10)).map((r) => r.seq)).toEqual([4, 1]);
    expect(await d.retries.blockedUsers(dest.id, 0, ['u1', 'u3'])).toEqual(new Set(['u1']));
    expect(await d.retries.nextDueAt(dest.id, 0)).toBe(T0);
    expect(await d.commitLane({ ...base, now: T0 + 6000, insertRetries: [], deleteRetries: [rows[0]!.id], promoteUsers: ['u1'] })).toBe(true);
    expect((await d.retries.due(dest.id, 0, T0 + 6000, 10)).map((r) => r.seq)).toEqual([4, 2]);
    expect(await d.retries.backlog(dest.id)).toEqual({ count: 3, oldestReceivedAt: iso(T0) });
  });

  it('keeps failed events and replays them by error code and time range into the retry queue', async () => {
    const { source, dest, d, store } = await setup();
    const fail = (seq: number, code: string, at: number) => ({
      id: `f${seq}`, workspaceId: dest.workspaceId, sourceId: source.id, destinationId: dest.id, subscriptionId: 's', partition: 0, seq, userKey: 'u',
      messageId: `m${seq}`, eventType: 'track', receivedAt: iso(T0), event: '{"n":1}', reason: 'HTTP 400', errorCode: code, attempts: 1,
      firstAttemptAt: iso(at), lastAttemptAt: iso(at), lastRequest: '{"url":"http://x"}', lastResponse: '{"status":400}', createdAt: iso(at),
    });
    await d.cursors.ensure(dest.id, store.partitions, 0, T0);
    await d.cursors.acquire(dest.id, 0, 'a', T0, 60_000);
    const base = { destinationId: dest.id, partition: 0, owner: 'a', now: T0, insertRetries: [], updateRetries: [], deleteRetries: [], promoteUsers: [] };
    await d.commitLane({ ...base, failures: [fail(1, 'PAYLOAD_REJECTED', T0), fail(2, 'INVALID_CREDENTIALS', T0), fail(3, 'PAYLOAD_REJECTED', T0 + 60_000)] });
    expect(await d.failures.countByCode({ destinationId: dest.id })).toEqual({ PAYLOAD_REJECTED: 2, INVALID_CREDENTIALS: 1 });
    expect(await d.failures.replay({ destinationId: dest.id, errorCodes: ['PAYLOAD_REJECTED'], to: iso(T0 + 1000) }, T0)).toBe(1);
    expect((await d.failures.list({ destinationId: dest.id })).map((f) => f.seq)).toEqual([2, 3]);
    expect((await d.retries.list(dest.id)).map((r) => [r.seq, r.head, r.attempts])).toEqual([[1, 2, 0]]);
    expect(await d.retries.adopt(dest.id, 0, true)).toBe(1);
    expect((await d.retries.due(dest.id, 0, T0, 10)).map((r) => r.seq)).toEqual([1]);
    await expect(d.failures.list({ destinationId: dest.id, from: 'yesterday' })).rejects.toThrow(/failures\.from/);
  });

  it('sums metrics per minute and finds log positions by time', async () => {
    const { source, dest, d, store } = await setup();
    const minute = iso(T0);
    await d.metrics.add([{ destinationId: dest.id, minute, outcome: 'delivered', errorCode: '', count: 2 }], [{ destinationId: dest.id, minute, bucket: 100, count: 2 }]);
    await d.metrics.add([{ destinationId: dest.id, minute, outcome: 'delivered', errorCode: '', count: 3 }], [{ destinationId: dest.id, minute, bucket: 100, count: 1 }]);
    expect(await d.metrics.counts(dest.id, minute, iso(T0 + 60_000))).toEqual([{ destinationId: dest.id, minute, outcome: 'delivered', errorCode: '', count: 5 }]);
    expect((await d.metrics.latency(dest.id, minute, iso(T0 + 60_000)))[0]?.count).toBe(3);
    const mk = (i: number, at: number) => ({ messageId: `m${i}`, type: 'track', partitionKey: `u${i}`, payload: { i }, receivedAt: iso(at) });
    await store.appendEvents(source.id, [mk(1, T0), mk(2, T0 + 1000), mk(3, T0 + 2000)]);
    expect(await d.log.cursorAtTime(iso(T0 + 500))).toBe(1);
    expect(await d.log.cursorAtTime(iso(T0 + 10_000))).toBe(3);
    const all = new Map([0, 1, 2, 3].map((p) => [p, 0]));
    expect((await d.log.pending(source.id, all)).count).toBe(3);
  });
});
