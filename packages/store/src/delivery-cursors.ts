import { type Kysely, sql } from 'kysely';
import type { DeliveryDatabase } from './delivery-schema.ts';
import { InvalidInputError } from './errors.ts';

/**
 * The cursor and lease of one (destination, partition).
 *
 * @example
 * const c: CursorRow = { destinationId, partition: 3, seq: 1200, rewindTo: null, leaseOwner: 'w-1', leaseExpiresAt: '2025-…Z' };
 */
export interface CursorRow {
  destinationId: string;
  partition: number;
  seq: number;
  rewindTo: number | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
}

/** Cursors, leases and worker heartbeats of the delivery engine. Times are epoch ms. */
export interface CursorRepo {
  /** Creates the cursors of partitions 0..partitions-1 at `startSeq` unless they exist. */
  ensure(destinationId: string, partitions: number, startSeq: number, now: number): Promise<void>;
  list(destinationId: string): Promise<CursorRow[]>;
  /**
   * Takes (or renews) the lease when free, expired or already ours, applying a pending rewind.
   * Returns the cursor seq, or undefined when another worker holds a live lease.
   */
  acquire(destinationId: string, partition: number, owner: string, now: number, leaseMs: number): Promise<number | undefined>;
  /** Gives the lease up (only when ours). */
  release(destinationId: string, partition: number, owner: string): Promise<void>;
  /** Asks the holder (or the next one) to move every partition's cursor of the destination to `seq`. */
  rewind(destinationId: string, seq: number): Promise<void>;
  /** Records this worker as alive until `now + ttlMs`; returns how many workers are alive. */
  heartbeat(workerId: string, now: number, ttlMs: number): Promise<number>;
  removeWorker(workerId: string): Promise<void>;
  /** Lanes (destination, partition) whose lease `owner` holds. */
  held(owner: string): Promise<number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Cursor repository over a Kysely instance.
 *
 * @example
 * const cursors = cursorRepo(deliveryDb(store.db));
 * const seq = await cursors.acquire(destinationId, 0, 'worker-a', Date.now(), 30_000);
 */
export function cursorRepo(db: Kysely<DeliveryDatabase>): CursorRepo {
  return {
    async ensure(destinationId, partitions, startSeq, now) {
      if (!Number.isSafeInteger(startSeq) || startSeq < 0) throw new InvalidInputError(`cursor startSeq must be an integer >= 0, got ${startSeq}`);
      const rows = Array.from({ length: partitions }, (_, partition) => ({
        destination_id: destinationId,
        partition,
        seq: startSeq,
        rewind_to: null,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: iso(now),
      }));
      await db
        .insertInto('delivery_cursors')
        .values(rows)
        .onConflict((oc) => oc.columns(['destination_id', 'partition']).doNothing())
        .execute();
    },
    async list(destinationId) {
      const rows = await db.selectFrom('delivery_cursors').selectAll().where('destination_id', '=', destinationId).orderBy('partition').execute();
      return rows.map((r) => ({
        destinationId: r.destination_id,
        partition: Number(r.partition),
        seq: Number(r.seq),
        rewindTo: r.rewind_to === null ? null : Number(r.rewind_to),
        leaseOwner: r.lease_owner,
        leaseExpiresAt: r.lease_expires_at,
      }));
    },
    async acquire(destinationId, partition, owner, now, leaseMs) {
      const r = await db
        .updateTable('delivery_cursors')
        .set({
          lease_owner: owner,
          lease_expires_at: iso(now + leaseMs),
          seq: sql<number>`COALESCE(rewind_to, seq)`,
          rewind_to: null,
          updated_at: iso(now),
        })
        .where('destination_id', '=', destinationId)
        .where('partition', '=', partition)
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_expires_at', '<', iso(now))]))
        .returning('seq')
        .executeTakeFirst();
      return r ? Number(r.seq) : undefined;
    },
    async release(destinationId, partition, owner) {
      await db
        .updateTable('delivery_cursors')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('destination_id', '=', destinationId)
        .where('partition', '=', partition)
        .where('lease_owner', '=', owner)
        .execute();
    },
    async rewind(destinationId, seq) {
      if (!Number.isSafeInteger(seq) || seq < 0) throw new InvalidInputError(`replay seq must be an integer >= 0, got ${seq}`);
      await db.updateTable('delivery_cursors').set({ rewind_to: seq }).where('destination_id', '=', destinationId).execute();
    },
    async heartbeat(workerId, now, ttlMs) {
      await db
        .insertInto('delivery_workers')
        .values({ id: workerId, expires_at: iso(now + ttlMs) })
        .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: iso(now + ttlMs) }))
        .execute();
      await db.deleteFrom('delivery_workers').where('expires_at', '<', iso(now)).execute();
      const r = await db.selectFrom('delivery_workers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async removeWorker(workerId) {
      await db.deleteFrom('delivery_workers').where('id', '=', workerId).execute();
    },
    async held(owner) {
      const r = await db.selectFrom('delivery_cursors').select((eb) => eb.fn.countAll<number>().as('n')).where('lease_owner', '=', owner).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
