/**
 * Entry of the SQLite writer thread (see sqlite-writer.ts): its own better-sqlite3 connection to the
 * store's file (WAL: readers on the main connection are not blocked), committing each batch it
 * receives synchronously and answering after COMMIT. It also owns the write-behind dedupe buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { DummyDriver, Kysely, SqliteAdapter, SqliteDialect, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { Backend } from './backend.ts';
import { commitLanes } from './delivery-commit.ts';
import type { DeliveryDatabase } from './delivery-schema.ts';
import { commitSqliteBatch } from './log-append-sqlite.ts';
import { segmentDdl } from './log-segments.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import { closeDedupe, DEDUPE_FLUSH_AT, dedupeBuffer, dedupeStep, flushDedupe, pruneSqliteDedupe, recoverDedupe } from './sqlite-dedupe.ts';
import { decodeJobs, encodeResults } from './sqlite-writer-codec.ts';
import type { SettledLane, WriterReply, WriterRequest, WriterSetup } from './sqlite-writer.ts';

const setup = workerData as WriterSetup;
const port = parentPort!;
const file = new SqliteDatabase(setup.path);
file.pragma('journal_mode = WAL');
file.pragma(`synchronous = ${setup.synchronous}`);
file.pragma(`busy_timeout = ${setup.busyTimeoutMs}`);
// A larger page cache keeps the hot index and dedupe pages of the append path in memory.
file.pragma('cache_size = -65536');
// WAL frames are copied into the file beside this thread (sqlite-checkpointer.ts), so the commit
// that crosses SQLite's auto-checkpoint threshold (kept) finds them nearly all copied: it copies the
// rest and the WAL starts over, in a few ms instead of a 20–50 ms stall.
const checkpointer = startCheckpointer(setup.path, (err) => {
  console.error(`store: the WAL checkpointer stopped (${err?.message}); the writer's auto-checkpoint does all the copying`);
});

// Segment DDL is compiled by Kysely's SQLite dialect (no connection needed), as on the main thread.
// This thread appends, so it owns the dedupe runs: it recovers them (crash leftovers, the log tail
// past the last flush, old day tables) before the first batch.
recoverDedupe(file);

const ddlDb = new Kysely<never>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});
const ddlBackend = { db: ddlDb, seqType: 'integer' } as unknown as Backend;
// Delivery lane commits run through Kysely on this thread's connection (same code as the main thread's).
const laneDb = new Kysely<DeliveryDatabase>({ dialect: new SqliteDialect({ database: file }) });

async function lanes(msg: Extract<WriterRequest, { op: 'commitLanes' }>): Promise<void> {
  const settled = await commitLanes(laneDb, msg.commits);
  const out = settled.map((r): SettledLane => {
    if (r.status === 'fulfilled') return { ok: true, value: r.value };
    const e = r.reason as { message?: string; code?: string };
    return { ok: false, message: String(e?.message ?? r.reason), code: e?.code };
  });
  reply({ id: msg.id, lanes: out });
}

function reply(msg: WriterReply, transfer?: ArrayBuffer[]): void {
  port.postMessage(msg, transfer);
}

function fail(id: number, err: unknown): void {
  const e = err as { message?: string; code?: string };
  reply({ id, error: { message: String(e?.message ?? err), code: e?.code } });
}

// Requests (and the dedupe flush steps) run one after another: a lane commit awaits Kysely's
// promises, and no append may start its transaction inside it.
let queue: Promise<void> = Promise.resolve();

// The dedupe buffer is flushed (one run per day) and runs are merged a slice per step. Each next step
// waits for the event loop's next turn, so the batches posted meanwhile queue ahead of it and an
// append never waits for a whole flush or merge. (Chained straight onto the promise queue, a merge
// of hundreds of steps ran as one stretch of microtasks and held every batch back until it ended.)
let stepping = false;
/**
 * Time a dedupe step may take before it commits what it wrote (it always writes a block's worth):
 * appends that arrive meanwhile wait behind it. Bounded by keys (8,192) or blocks (8) alone, flush
 * slices took up to 10 ms and merge steps up to 22 ms on the 2-core machine of bench/ingest.
 */
const STEP_BUDGET_MS = 2;
/** The timer asked for a flush while steps (a long merge) were running: the next step starts one. */
let flushWanted = false;
function flushInSteps(always: boolean): void {
  if (always) flushWanted = true;
  if (stepping || (!flushWanted && dedupeBuffer(file).size < DEDUPE_FLUSH_AT)) return;
  stepping = true;
  const step = (): void => {
    if (!file.open) return; // closed between two steps: closeDedupe wrote the buffer
    let done = true;
    try {
      // A new flush starts when asked (the timer) or when the buffer is full again; merges fill the rest.
      const flush = flushWanted || dedupeBuffer(file).size >= DEDUPE_FLUSH_AT;
      flushWanted = false;
      done = dedupeStep(file, flush, undefined, undefined, STEP_BUDGET_MS).done;
    } catch (err) {
      console.error('store: dedupe flush failed:', (err as Error).message);
    }
    if (done) stepping = false;
    else setImmediate(() => {
      queue = queue.then(step);
    });
  };
  queue = queue.then(step);
}
const timer = setInterval(() => flushInSteps(true), 1000);
timer.unref();

port.on('message', (msg: WriterRequest) => {
  queue = queue.then(() => handle(msg)).catch((err) => fail(msg.id, err));
});

async function handle(msg: WriterRequest): Promise<void> {
  if (msg.op === 'write') {
    const jobs = decodeJobs(msg.wire);
    const results = commitSqliteBatch(file, jobs, { nowMs: msg.nowMs, dedupeWindowMs: msg.dedupeWindowMs, ddl: (name) => segmentDdl(ddlBackend, name), flushDedupe: false });
    const seqs = encodeResults(results);
    const spare = msg.wire.bytes.buffer as ArrayBuffer;
    reply({ id: msg.id, seqs, spare }, [seqs.buffer as ArrayBuffer, spare]);
    flushInSteps(false);
  } else if (msg.op === 'commitLanes') {
    await lanes(msg);
  } else if (msg.op === 'flushDedupe') {
    reply({ id: msg.id, count: flushDedupe(file) });
  } else if (msg.op === 'pruneDedupe') {
    flushDedupe(file);
    reply({ id: msg.id, count: pruneSqliteDedupe(file, msg.cutoffMs) });
  } else {
    clearInterval(timer);
    await checkpointer.stop();
    const count = closeDedupe(file);
    file.close();
    reply({ id: msg.id, count });
    port.close();
  }
}
reply({ id: 0, count: 0 });
