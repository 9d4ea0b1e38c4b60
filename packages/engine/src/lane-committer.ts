import type { DeliveryStore, LaneCommit } from '@junction/store';

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

interface Pending {
  c: LaneCommit;
  resolve: (ok: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Creates a {@link LaneCommitter}; the first commit of a group waits one `setImmediate`, so lanes
 * that finish in the same turn of the event loop share it.
 *
 * @example
 * const committer = createLaneCommitter(openDeliveryStore(store));
 */
export function createLaneCommitter(delivery: Pick<DeliveryStore, 'commitLanes'>): LaneCommitter {
  let queue: Pending[] = [];
  let busy = false;
  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        const results = await delivery.commitLanes(group.map((p) => p.c));
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') group[i]!.resolve(r.value);
          else group[i]!.reject(r.reason);
        });
      } catch (err) {
        for (const p of group) p.reject(err);
      }
    }
    busy = false;
  }
  return {
    commit(c) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ c, resolve, reject });
        if (!busy) {
          busy = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}
