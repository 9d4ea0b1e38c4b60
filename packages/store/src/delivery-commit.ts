import type { Kysely } from 'kysely';
import { type FailureRow, fromFailureRow } from './delivery-failures.ts';
import { fromRetryRow, type RetryRow, type RetryUpdate } from './delivery-retries.ts';
import type { DeliveryDatabase } from './delivery-schema.ts';

/**
 * Everything one processed chunk of a lane writes, committed atomically with the cursor.
 *
 * @example
 * const ok = await commitLane(ddb, { destinationId, partition: 3, owner: 'w-1', now: Date.now(), cursorSeq: 1200,
 *   insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [] });
 */
export interface LaneCommit {
  destinationId: string;
  partition: number;
  /** The lease owner; nothing is written when the lease is no longer ours. */
  owner: string;
  now: number;
  /** New cursor position (undefined: unchanged). */
  cursorSeq?: number | undefined;
  insertRetries: RetryRow[];
  updateRetries: RetryUpdate[];
  deleteRetries: string[];
  failures: FailureRow[];
  /** Users whose queued head left the queue: their next held event becomes due at `now`. */
  promoteUsers: string[];
}

/**
 * Commits a lane's chunk in one transaction, guarded by the lease: returns false (and writes
 * nothing) when another worker took the lease or a rewind is pending.
 *
 * @example
 * if (!(await commitLane(ddb, commit))) stopLane(); // lost the lease: the new holder redoes the chunk
 */
async function commitLane(db: Kysely<DeliveryDatabase>, c: LaneCommit): Promise<boolean> {
  try {
    await db.transaction().execute((trx) => writeLane(trx, c, true));
    return true;
  } catch (err) {
    if (err instanceof LeaseLost) return false;
    throw err;
  }
}

/**
 * Commits the chunks of several lanes in one transaction (one WAL sync instead of one per lane),
 * each guarded by its own lease: a lane whose lease was lost gets `false` and writes nothing, the
 * others commit. Lanes are written in (destination, partition) order, so two workers' groups lock
 * cursor rows in the same order. When the group fails (a statement error), each lane is retried
 * in its own transaction, so only the faulty one gets the error. One settled result per commit, in order.
 *
 * @example
 * const [a, b] = await commitLanes(ddb, [commitOfLane3, commitOfLane7]);
 * // a: { status: 'fulfilled', value: true }; b: { status: 'fulfilled', value: false } (lane 7 lost its lease)
 */
export async function commitLanes(db: Kysely<DeliveryDatabase>, commits: readonly LaneCommit[]): Promise<PromiseSettledResult<boolean>[]> {
  if (commits.length > 1) {
    const order = commits.map((_, i) => i).sort((x, y) => byLane(commits[x]!, commits[y]!));
    const ok = new Array<boolean>(commits.length).fill(false);
    try {
      await db.transaction().execute(async (trx) => {
        for (const i of order) ok[i] = await writeLane(trx, commits[i]!, false);
      });
      return ok.map((value) => ({ status: 'fulfilled', value }));
    } catch {
      // fall through: one transaction per lane
    }
  }
  const out: PromiseSettledResult<boolean>[] = [];
  for (const c of commits) {
    try {
      out.push({ status: 'fulfilled', value: await commitLane(db, c) });
    } catch (reason) {
      out.push({ status: 'rejected', reason });
    }
  }
  return out;
}

function byLane(a: LaneCommit, b: LaneCommit): number {
  return a.destinationId < b.destinationId ? -1 : a.destinationId > b.destinationId ? 1 : a.partition - b.partition;
}

/** Writes one lane's chunk inside `trx`; false (nothing written) or a throw of `LeaseLost` when the guard fails. */
async function writeLane(trx: Kysely<DeliveryDatabase>, c: LaneCommit, throwLost: boolean): Promise<boolean> {
  const at = new Date(c.now).toISOString();
  let guard = trx
    .updateTable('delivery_cursors')
    .set(c.cursorSeq === undefined ? { updated_at: at } : { seq: c.cursorSeq, updated_at: at })
    .where('destination_id', '=', c.destinationId)
    .where('partition', '=', c.partition)
    .where('lease_owner', '=', c.owner);
  if (c.cursorSeq !== undefined) guard = guard.where('rewind_to', 'is', null);
  const r = await guard.executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    if (throwLost) throw new LeaseLost();
    return false;
  }
  for (let i = 0; i < c.deleteRetries.length; i += 500) {
    await trx.deleteFrom('delivery_retries').where('id', 'in', c.deleteRetries.slice(i, i + 500)).execute();
  }
  for (const u of c.updateRetries) {
    await trx
      .updateTable('delivery_retries')
      .set({
        attempts: u.attempts,
        first_attempt_at: u.firstAttemptAt,
        next_attempt_at: u.nextAttemptAt,
        last_error_code: u.lastErrorCode,
        last_error: u.lastError,
        head: 1,
      })
      .where('id', '=', u.id)
      .execute();
  }
  for (let i = 0; i < c.insertRetries.length; i += 200) {
    await trx.insertInto('delivery_retries').values(c.insertRetries.slice(i, i + 200).map(fromRetryRow)).execute();
  }
  for (let i = 0; i < c.failures.length; i += 100) {
    await trx.insertInto('delivery_failures').values(c.failures.slice(i, i + 100).map(fromFailureRow)).execute();
  }
  for (const user of c.promoteUsers) await promote(trx, c.destinationId, c.partition, user, at);
  return true;
}

class LeaseLost extends Error {}

async function promote(trx: Kysely<DeliveryDatabase>, destinationId: string, partition: number, user: string, at: string): Promise<void> {
  const rows = trx
    .selectFrom('delivery_retries')
    .where('destination_id', '=', destinationId)
    .where('partition', '=', partition)
    .where('user_key', '=', user);
  const live = await rows.select('id').where('head', '=', 1).limit(1).executeTakeFirst();
  if (live) return;
  const next = await rows.select((eb) => eb.fn.min('seq').as('seq')).where('head', '=', 0).executeTakeFirst();
  if (next?.seq === null || next?.seq === undefined) return;
  await trx
    .updateTable('delivery_retries')
    .set({ head: 1, next_attempt_at: at })
    .where('destination_id', '=', destinationId)
    .where('partition', '=', partition)
    .where('user_key', '=', user)
    .where('head', '=', 0)
    .where('seq', '=', Number(next.seq))
    .execute();
}
