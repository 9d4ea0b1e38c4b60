import { createGroupCommitter, type DeliveryStore, type LaneCommit } from '@junction/store';

/**
 * Group commit of lane chunks: the commits that lanes hand in while one group is being written
 * go together into the next `commitLanes` transaction (one WAL sync for many lanes, each still
 * guarded by its own lease). A lane waits for its own result: `true` committed, `false` lease
 * lost (nothing written), or the store's error.
 *
 * @example
 * const committer = createLaneCommitter(delivery);
 * if (!(await committer.commit({ destinationId, partition, owner, now: Date.now(), cursorSeq, ...writes }))) reacquire();
 */
export interface LaneCommitter {
  commit(c: LaneCommit): Promise<boolean>;
}

/**
 * Creates a {@link LaneCommitter} over the store's group committer (one commit in flight; what
 * queues meanwhile goes together into the next one).
 *
 * @example
 * const committer = createLaneCommitter(openDeliveryStore(store));
 */
export function createLaneCommitter(delivery: Pick<DeliveryStore, 'commitLanes'>): LaneCommitter {
  const group = createGroupCommitter<LaneCommit, PromiseSettledResult<boolean>>({
    delayMs: 0,
    maxBatchEvents: Number.MAX_SAFE_INTEGER,
    size: () => 1,
    flush: (commits) => delivery.commitLanes(commits),
  });
  return {
    async commit(c) {
      const settled = await group.submit(c);
      if (settled.status === 'rejected') throw settled.reason;
      return settled.value;
    },
  };
}
