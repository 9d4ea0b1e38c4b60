import type { Kysely, Selectable } from 'kysely';
import type { DeliveryDatabase, DeliveryFailureTable } from './delivery-schema.ts';
import { InvalidInputError } from './errors.ts';
import { newId } from './ids.ts';

/**
 * A failed delivery in the failed-event store. `lastRequest` / `lastResponse` are JSON text with
 * secrets already redacted by the engine.
 *
 * @example
 * const f: FailureRow = { ..., reason: 'destination answered HTTP 400: bad', errorCode: 'PAYLOAD_REJECTED', attempts: 1 };
 */
export interface FailureRow {
  id: string;
  workspaceId: string;
  sourceId: string;
  destinationId: string;
  subscriptionId: string;
  partition: number;
  seq: number;
  userKey: string;
  messageId: string;
  eventType: string;
  receivedAt: string;
  event: string;
  reason: string;
  errorCode: string;
  attempts: number;
  firstAttemptAt: string;
  lastAttemptAt: string;
  lastRequest: string | null;
  lastResponse: string | null;
  createdAt: string;
}

/**
 * Which failed events: a destination, optionally a time range on the last attempt (from inclusive,
 * to exclusive, ISO-8601) and error codes.
 *
 * @example
 * const q: FailureQuery = { destinationId, from: '2025-01-31T00:00:00.000Z', errorCodes: ['PAYLOAD_REJECTED'] };
 */
export interface FailureQuery {
  destinationId: string;
  from?: string;
  to?: string;
  errorCodes?: readonly string[];
}

/** The failed-event store. */
export interface FailureRepo {
  list(query: FailureQuery & { limit?: number }): Promise<FailureRow[]>;
  /** Counts per error code. */
  countByCode(query: FailureQuery): Promise<Record<string, number>>;
  /**
   * Moves the matching failed events back into the retry queue (due at `now`, attempts reset) and
   * removes them from the store; returns how many.
   */
  replay(query: FailureQuery, now: number): Promise<number>;
}

/**
 * A failure row from the database.
 *
 * @example
 * const f = toFailureRow(row);
 */
export function toFailureRow(r: Selectable<DeliveryFailureTable>): FailureRow {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    sourceId: r.source_id,
    destinationId: r.destination_id,
    subscriptionId: r.subscription_id,
    partition: Number(r.partition),
    seq: Number(r.seq),
    userKey: r.user_key,
    messageId: r.message_id,
    eventType: r.event_type,
    receivedAt: r.received_at,
    event: r.event,
    reason: r.reason,
    errorCode: r.error_code,
    attempts: Number(r.attempts),
    firstAttemptAt: r.first_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastRequest: r.last_request,
    lastResponse: r.last_response,
    createdAt: r.created_at,
  };
}

/**
 * The database row of a failure.
 *
 * @example
 * await trx.insertInto('delivery_failures').values(fromFailureRow(f)).execute();
 */
export function fromFailureRow(f: FailureRow): DeliveryFailureTable {
  return {
    id: f.id,
    workspace_id: f.workspaceId,
    source_id: f.sourceId,
    destination_id: f.destinationId,
    subscription_id: f.subscriptionId,
    partition: f.partition,
    seq: f.seq,
    user_key: f.userKey,
    message_id: f.messageId,
    event_type: f.eventType,
    received_at: f.receivedAt,
    event: f.event,
    reason: f.reason,
    error_code: f.errorCode,
    attempts: f.attempts,
    first_attempt_at: f.firstAttemptAt,
    last_attempt_at: f.lastAttemptAt,
    last_request: f.lastRequest,
    last_response: f.lastResponse,
    created_at: f.createdAt,
  };
}

function checkQuery(q: FailureQuery): void {
  if (typeof q.destinationId !== 'string' || q.destinationId === '') throw new InvalidInputError('failures.destinationId must be a non-empty string');
  for (const key of ['from', 'to'] as const) {
    const v = q[key];
    if (v !== undefined && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw new InvalidInputError(`failures.${key} must be an ISO-8601 timestamp`);
  }
  if (q.errorCodes !== undefined && !Array.isArray(q.errorCodes)) throw new InvalidInputError('failures.errorCodes must be an array of error codes');
}

/**
 * Failed-event store over a Kysely instance.
 *
 * @example
 * const n = await failureRepo(ddb).replay({ destinationId, errorCodes: ['PAYLOAD_REJECTED'] }, Date.now());
 */
export function failureRepo(db: Kysely<DeliveryDatabase>): FailureRepo {
  const select = (q: FailureQuery) => {
    checkQuery(q);
    let s = db.selectFrom('delivery_failures').where('destination_id', '=', q.destinationId);
    if (q.from !== undefined) s = s.where('last_attempt_at', '>=', new Date(q.from).toISOString());
    if (q.to !== undefined) s = s.where('last_attempt_at', '<', new Date(q.to).toISOString());
    if (q.errorCodes !== undefined) {
      if (q.errorCodes.length === 0) s = s.where('error_code', '=', '\u0000none');
      else s = s.where('error_code', 'in', q.errorCodes);
    }
    return s;
  };
  return {
    async list(q) {
      const rows = await select(q).selectAll().orderBy('last_attempt_at').orderBy('seq').limit(q.limit ?? 1000).execute();
      return rows.map(toFailureRow);
    },
    async countByCode(q) {
      const rows = await select(q)
        .select((eb) => ['error_code', eb.fn.countAll<number>().as('n')])
        .groupBy('error_code')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.error_code, Number(r.n)]));
    },
    async replay(q, now) {
      const at = new Date(now).toISOString();
      let total = 0;
      for (;;) {
        const rows = await select(q).selectAll().orderBy('seq').limit(500).execute();
        if (rows.length === 0) return total;
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('delivery_retries')
            .values(
              rows.map((r) => ({
                id: newId(),
                destination_id: r.destination_id,
                partition: r.partition,
                seq: r.seq,
                user_key: r.user_key,
                subscription_id: r.subscription_id,
                message_id: r.message_id,
                event_type: r.event_type,
                received_at: r.received_at,
                event: r.event,
                attempts: 0,
                first_attempt_at: null,
                next_attempt_at: at,
                head: 2,
                last_error_code: r.error_code,
                last_error: r.reason,
                created_at: at,
              })),
            )
            .execute();
          await trx
            .deleteFrom('delivery_failures')
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
        });
        total += rows.length;
      }
    },
  };
}
