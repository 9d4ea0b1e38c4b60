import type pg from 'pg';
import type { Backend } from './backend.ts';
import { type AppendJob, type BatchPlan, dedupeKey, keySetCheck, planBatch, type WriteBatchOptions } from './log-append.ts';
import { type SegmentName, segmentDdl, segmentName } from './log-segments.ts';
import { dayKey } from './time.ts';
import type { AppendResult } from './types.ts';

/** Segment tables this process created or found, per backend: their batches take one round trip. */
const knownSegments = new WeakMap<Backend, Set<SegmentName>>();

/** PostgreSQL's "undefined_table": a known segment was dropped (retention) since. */
const UNDEFINED_TABLE = '42P01';

/**
 * The append function's call (pg-append-migration.ts). Unnamed, so poolers in transaction mode
 * need no prepared-statement support; parsing this one line costs microseconds.
 */
const APPEND_CALL = 'SELECT head, duplicates FROM junction_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)';

/** What `junction_append` answers: the head it wrote after, or the 1-based positions (in the keys sent) of keys seen within the window. */
interface AppendReply {
  head: number;
  duplicates: number[] | null;
}

/**
 * The PostgreSQL batch write: ONE round trip for a batch of any size, with its values as
 * parameters. The batch is planned as if none of its keys had been seen before (row seqs are
 * offsets from the head) and handed to `junction_append` (pg-append-migration.ts), which runs in
 * the call's own implicit transaction:
 *
 * 1. It takes the log-head row lock. Held to COMMIT, it makes writers on all hosts commit one
 *    after another in seq order, and it is held for the server's work only, with no round trip
 *    inside.
 * 2. It looks the keys up (a snapshot taken after the lock). If any was seen within the window,
 *    it writes nothing and returns their positions; the batch is planned again around them and
 *    sent again.
 * 3. Otherwise it inserts the rows, records the keys, registers or extends today's segment and
 *    moves the head; the answer arrives after COMMIT.
 *
 * The first write of a day in this process creates the segment table first, in a transaction
 * that holds the head lock (two hosts cannot race on the DDL), around the same call.
 *
 * @example
 * await writeBatchPostgres(backend, jobs, { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export async function writeBatchPostgres(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  const nowMs = opts.clock();
  const now = new Date(nowMs).toISOString();
  const cutoff = new Date(nowMs - opts.dedupeWindowMs).toISOString();
  const day = dayKey(now);
  const table = segmentName(day);
  const known = knownSegments.get(backend) ?? new Set<SegmentName>();
  knownSegments.set(backend, known);
  const found = new Set<string>();
  for (let dropped = false; ; ) {
    const plan = planBatch(jobs, 0, keySetCheck(new Set(found)), now);
    if (plan.rows.length === 0) return plan.results;
    const keys = plan.freshSources.map((src, i) => dedupeKey(src, plan.freshIds[i]!));
    const params = appendParams(plan, keys, table, day, now, cutoff);
    let reply: AppendReply;
    try {
      reply = known.has(table) ? await backend.withPgClient!((client) => callAppend(client, params)) : await createAndAppend(backend, table, params);
    } catch (error) {
      // A segment this process knew was dropped since (retention reached today): nothing was
      // committed; forget the known segments and write again, creating the segment first.
      if ((error as { code?: string }).code !== UNDEFINED_TABLE || dropped) throw error;
      dropped = true;
      known.clear();
      continue;
    }
    if (reply.duplicates) {
      // Seen within the window (another host may have committed them since the last try): plan
      // around them. Each try sends fewer keys, so this ends.
      const before = found.size;
      for (const position of reply.duplicates) {
        const key = keys[position - 1];
        if (key !== undefined) found.add(key);
      }
      if (found.size === before) throw new Error(`junction_append named duplicates at positions ${reply.duplicates.join(', ')} of ${keys.length} keys, none of them new`);
      continue;
    }
    known.add(table);
    for (const r of plan.results.flat()) if (r.status === 'new') r.seq = r.seq! + reply.head;
    return plan.results;
  }
}

/** Joins a batch's payloads into one parameter: JSON text never holds it raw (open-store.ts refuses payloads that do). */
const PAYLOAD_SEPARATOR = '\u0001';

/** The parameters of `junction_append` for a plan made from seq 0, with its new events' dedupe keys. */
function appendParams(plan: BatchPlan, keys: string[], table: SegmentName, day: string, now: string, cutoff: string): unknown[] {
  const { rows } = plan;
  const column = <K extends keyof (typeof rows)[number]>(c: K) => rows.map((r) => r[c]);
  return [
    table, day, now, cutoff, keys, plan.head,
    column('seq'), column('last_seq'), column('workspace_id'), column('source_id'), column('partition'),
    column('message_id'), column('type'), column('received_at'), column('payload').join(PAYLOAD_SEPARATOR), column('events'),
  ];
}

/**
 * Sends the call. `params` is emptied once the call is over, whatever its outcome: the driver's
 * query object keeps a reference to the array after the answer, and an object of the driver that
 * already lives in V8's old generation keeps what it references alive through every young-generation
 * collection until the next full one. At 200 batches/s that promoted each batch's payload text
 * (~4.7 MB per young collection), forced a full collection every ~1.7 s and put 35–50 ms stalls
 * into the p99; emptied, the old generation stays flat (bench/ingest/README.md, eleventh pass).
 */
async function callAppend(client: pg.PoolClient, params: unknown[]): Promise<AppendReply> {
  try {
    const r = await client.query<{ head: string | number; duplicates: number[] | null }>(APPEND_CALL, params);
    const row = r.rows[0]!;
    return { head: Number(row.head), duplicates: row.duplicates };
  } finally {
    params.fill(undefined);
  }
}

/** The first write of a day in this process: the segment's DDL and the append in one transaction under the head lock. */
async function createAndAppend(backend: Backend, table: SegmentName, params: unknown[]): Promise<AppendReply> {
  return backend.withPgClient!(async (client) => {
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      await client.query('SELECT seq FROM log_head WHERE id = 1 FOR UPDATE');
      for (const q of segmentDdl(backend, table)) await client.query(q.sql, [...q.parameters]);
      const reply = await callAppend(client, params);
      await client.query(reply.duplicates ? 'ROLLBACK' : 'COMMIT');
      return reply;
    } catch (error) {
      // Nothing of it committed. The connection is discarded either way (withPgClient); the
      // error reported is the first one, not a failed ROLLBACK's.
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
