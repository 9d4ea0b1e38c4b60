import type { Kysely, Selectable } from 'kysely';
import type { DeliveryDatabase, DeliveryRetryTable } from './delivery-schema.ts';

/**
 * One (event, subscription) in the retry queue. `head` 1 = attempted when due; 0 = held behind an
 * earlier event of the same user (per-user order); 2 = replayed from the failed store, not yet placed.
 *
 * @example
 * const r: RetryRow = { id, destinationId, partition: 3, seq: 42, userKey: 'u1', subscriptionId, messageId: 'm-1', eventType: 'track',
 *   receivedAt, event: '{"type":"track"}', attempts: 1, firstAttemptAt, nextAttemptAt, head: 1, lastErrorCode: 'TIMEOUT', lastError: 'timed out', createdAt };
 */
export interface RetryRow {
  id: string;
  destinationId: string;
  partition: number;
  seq: number;
  userKey: string;
  subscriptionId: string;
  messageId: string;
  eventType: string;
  receivedAt: string;
  /** The event after destination filters, JSON text. */
  event: string;
  attempts: number;
  firstAttemptAt: string | null;
  nextAttemptAt: string;
  head: 0 | 1 | 2;
  lastErrorCode: string | null;
  lastError: string | null;
  createdAt: string;
}

/** What changes after a failed attempt of a retry row. */
export interface RetryUpdate {
  id: string;
  attempts: number;
  firstAttemptAt: string;
  nextAttemptAt: string;
  lastErrorCode: string;
  lastError: string;
}

/**
 * A retry row from the database.
 *
 * @example
 * const row = toRetryRow(await db.selectFrom('delivery_retries').selectAll().executeTakeFirstOrThrow());
 */
export function toRetryRow(r: Selectable<DeliveryRetryTable>): RetryRow {
  return {
    id: r.id,
    destinationId: r.destination_id,
    partition: Number(r.partition),
    seq: Number(r.seq),
    userKey: r.user_key,
    subscriptionId: r.subscription_id,
    messageId: r.message_id,
    eventType: r.event_type,
    receivedAt: r.received_at,
    event: r.event,
    attempts: Number(r.attempts),
    firstAttemptAt: r.first_attempt_at,
    nextAttemptAt: r.next_attempt_at,
    head: Number(r.head) as 0 | 1 | 2,
    lastErrorCode: r.last_error_code,
    lastError: r.last_error,
    createdAt: r.created_at,
  };
}

/**
 * The database row of a retry.
 *
 * @example
 * await db.insertInto('delivery_retries').values(fromRetryRow(row)).execute();
 */
export function fromRetryRow(r: RetryRow): DeliveryRetryTable {
  return {
    id: r.id,
    destination_id: r.destinationId,
    partition: r.partition,
    seq: r.seq,
    user_key: r.userKey,
    subscription_id: r.subscriptionId,
    message_id: r.messageId,
    event_type: r.eventType,
    received_at: r.receivedAt,
    event: r.event,
    attempts: r.attempts,
    first_attempt_at: r.firstAttemptAt,
    next_attempt_at: r.nextAttemptAt,
    head: r.head,
    last_error_code: r.lastErrorCode,
    last_error: r.lastError,
    created_at: r.createdAt,
  };
}

/** Reads of the retry queue (writes go through `commitLane`). Times are epoch ms. */
export interface RetryRepo {
  /** Head rows of a lane due at `now`, earliest first. */
  due(destinationId: string, partition: number, now: number, limit: number): Promise<RetryRow[]>;
  /** When the lane's next head row is due (epoch ms), or undefined when it has none. */
  nextDueAt(destinationId: string, partition: number): Promise<number | undefined>;
  /** Which of `userKeys` have rows in the lane (their later events must queue behind). */
  blockedUsers(destinationId: string, partition: number, userKeys: readonly string[]): Promise<Set<string>>;
  /** Places replayed rows (head 2): behind the user's queued rows when `ordered`, else due now. */
  adopt(destinationId: string, partition: number, ordered: boolean): Promise<number>;
  /** Rows of a destination: count and oldest receipt time. */
  backlog(destinationId: string): Promise<{ count: number; oldestReceivedAt: string | undefined }>;
  list(destinationId: string, limit?: number): Promise<RetryRow[]>;
}

/**
 * Retry queue reads over a Kysely instance.
 *
 * @example
 * const due = await retryRepo(ddb).due(destinationId, 3, Date.now(), 100);
 */
export function retryRepo(db: Kysely<DeliveryDatabase>): RetryRepo {
  const lane = (destinationId: string, partition: number) =>
    db.selectFrom('delivery_retries').where('destination_id', '=', destinationId).where('partition', '=', partition);
  return {
    async due(destinationId, partition, now, limit) {
      const rows = await lane(destinationId, partition)
        .selectAll()
        .where('head', '=', 1)
        .where('next_attempt_at', '<=', new Date(now).toISOString())
        .orderBy('next_attempt_at')
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toRetryRow);
    },
    async nextDueAt(destinationId, partition) {
      const r = await lane(destinationId, partition)
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('head', 'in', [1, 2])
        .executeTakeFirst();
      return r?.at ? Date.parse(r.at as string) : undefined;
    },
    async blockedUsers(destinationId, partition, userKeys) {
      const out = new Set<string>();
      for (let i = 0; i < userKeys.length; i += 500) {
        const chunk = userKeys.slice(i, i + 500);
        const rows = await lane(destinationId, partition).select('user_key').distinct().where('user_key', 'in', chunk).execute();
        for (const r of rows) out.add(r.user_key);
      }
      return out;
    },
    async adopt(destinationId, partition, ordered) {
      const rows = await lane(destinationId, partition).select(['id', 'user_key', 'seq']).where('head', '=', 2).orderBy('seq').execute();
      if (rows.length === 0) return 0;
      await db.transaction().execute(async (trx) => {
        const placed = new Set<string>();
        for (const r of rows) {
          let head = 1;
          if (ordered) {
            if (placed.has(r.user_key)) head = 0;
            else {
              const ahead = await trx
                .selectFrom('delivery_retries')
                .select('id')
                .where('destination_id', '=', destinationId)
                .where('partition', '=', partition)
                .where('user_key', '=', r.user_key)
                .where('head', 'in', [0, 1])
                .limit(1)
                .executeTakeFirst();
              head = ahead ? 0 : 1;
              placed.add(r.user_key);
            }
          }
          await trx.updateTable('delivery_retries').set({ head }).where('id', '=', r.id).execute();
        }
      });
      return rows.length;
    },
    async backlog(destinationId) {
      const r = await db
        .selectFrom('delivery_retries')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('received_at').as('oldest')])
        .where('destination_id', '=', destinationId)
        .executeTakeFirstOrThrow();
      return { count: Number(r.n), oldestReceivedAt: (r.oldest as string | null) ?? undefined };
    },
    async list(destinationId, limit = 1000) {
      const rows = await db.selectFrom('delivery_retries').selectAll().where('destination_id', '=', destinationId).orderBy('seq').limit(limit).execute();
      return rows.map(toRetryRow);
    },
  };
}
