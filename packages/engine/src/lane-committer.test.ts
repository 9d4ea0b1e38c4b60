import { describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { seedWebhook } from './__fixtures__/scenario.ts';
import { createLaneCommitter } from './lane-committer.ts';

const T0 = Date.parse('2026-01-05T10:00:00.000Z');

describe.each(BACKENDS)('lane committer on %s', (backend) => {
  const h = harness(backend);

  it('commits lanes handed in together, each with its own lease verdict and error', async () => {
    const store = await h.open(await h.location(), { partitions: 4 });
    const { destination, delivery } = await seedWebhook(store, 'http://127.0.0.1:9/hook');
    const id = destination.id;
    await delivery.cursors.ensure(id, 4, 0, T0);
    for (const [p, owner] of [[0, 'me'], [1, 'other'], [2, 'me'], [3, 'me']] as const) await delivery.cursors.acquire(id, p, owner, T0, 60_000);
    const lane = (partition: number, cursorSeq: number) => ({ destinationId: id, partition, owner: 'me', now: T0, cursorSeq, insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [] });
    const committer = createLaneCommitter(delivery);
    const row = { id: 'r-dup', destinationId: id, partition: 3, seq: 5, userKey: 'u', subscriptionId: 's', messageId: 'm5', eventType: 'track', receivedAt: new Date(T0).toISOString(), event: '{}', attempts: 1, firstAttemptAt: null, nextAttemptAt: new Date(T0).toISOString(), head: 1 as const, lastErrorCode: null, lastError: null, createdAt: new Date(T0).toISOString() };
    await delivery.commitLane({ ...lane(3, 5), insertRetries: [row] });

    const verdicts = await Promise.allSettled([committer.commit(lane(0, 10)), committer.commit(lane(1, 11)), committer.commit(lane(2, 12)), committer.commit({ ...lane(3, 13), insertRetries: [row] })]);
    expect(verdicts.slice(0, 3)).toEqual([{ status: 'fulfilled', value: true }, { status: 'fulfilled', value: false }, { status: 'fulfilled', value: true }]);
    expect(verdicts[3]!.status).toBe('rejected'); // the duplicate row id fails lane 3 alone
    expect(await delivery.cursors.acquire(id, 0, 'me', T0, 60_000)).toBe(10);
    expect(await delivery.cursors.acquire(id, 1, 'other', T0, 60_000)).toBe(0);
    expect(await delivery.cursors.acquire(id, 2, 'me', T0, 60_000)).toBe(12);
    expect(await delivery.cursors.acquire(id, 3, 'me', T0, 60_000)).toBe(5);
    // A later commit after the group settled starts a new group.
    expect(await committer.commit(lane(0, 20))).toBe(true);
    expect(await delivery.cursors.acquire(id, 0, 'me', T0, 60_000)).toBe(20);
  });
});
