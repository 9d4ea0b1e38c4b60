import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LaneCommit } from './delivery-commit.ts';
import type { AppendJob } from './log-append.ts';
import { decodeResults, encodeJobs, type WireBatch } from './sqlite-writer-codec.ts';
import type { AppendResult } from './types.ts';

/** Where SQLite appends run: a dedicated worker thread (own connection) or the event loop. */
export type SqliteWriterMode = 'thread' | 'inline';

/** What the writer thread is started with. */
export interface WriterSetup {
  path: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
}

/** Main → writer thread. */
export type WriterRequest =
  | { op: 'write'; id: number; nowMs: number; dedupeWindowMs: number; wire: WireBatch }
  | { op: 'commitLanes'; id: number; commits: readonly LaneCommit[] }
  | { op: 'pruneDedupe'; id: number; cutoffMs: number }
  | { op: 'flushDedupe' | 'close'; id: number };

/** One lane's outcome in a `commitLanes` reply (errors travel as message + SQLite code). */
export type SettledLane = { ok: true; value: boolean } | { ok: false; message: string; code?: string };

/** Writer thread → main (id 0: ready). */
export type WriterReply =
  | { id: number; seqs: Float64Array; spare?: ArrayBuffer }
  | { id: number; count: number }
  | { id: number; lanes: SettledLane[] }
  | { id: number; error: { message: string; code?: string } };

/** The main-thread handle of a writer thread. */
export interface SqliteWriter {
  /** Commits one batch on the thread; resolves after its COMMIT with one result array per job. */
  write(jobs: AppendJob[], nowMs: number, dedupeWindowMs: number): Promise<AppendResult[][]>;
  /**
   * Commits delivery lane chunks on the thread (delivery-commit.ts `commitLanes`), so lane commits
   * and appends share the one writer connection instead of contending for the write lock.
   */
  commitLanes(commits: readonly LaneCommit[]): Promise<PromiseSettledResult<boolean>[]>;
  /** Writes the thread's pending dedupe keys; resolves with how many. */
  flushDedupe(): Promise<number>;
  /** Writes the pending dedupe keys, then forgets those first seen before `cutoffMs`; resolves with how many went. */
  pruneDedupe(cutoffMs: number): Promise<number>;
  /** Flushes dedupe keys, closes the thread's connection and ends the thread. */
  close(): Promise<void>;
  /** False once the thread has exited or failed (its in-flight batches were rejected). */
  readonly alive: boolean;
}

interface Waiting {
  resolve: (r: WriterReply) => void;
  reject: (e: Error) => void;
}

/** Error of a batch that failed on the writer thread (keeps SQLite's code, e.g. SQLITE_BUSY). */
class WriterError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'SqliteWriterError';
    this.code = code;
  }
}

/**
 * The thread's entry. This package ships TypeScript source and loader hooks are not inherited by
 * worker threads, so for a `.ts` entry a tiny bootstrap registers tsx in the thread first.
 */
function threadEntry(): { entry: URL | string; eval: boolean } {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./sqlite-writer-thread${ext}`, import.meta.url);
  if (ext === '.js') return { entry, eval: false };
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })
    .catch((err) => { throw err; });`;
  return { entry: code, eval: true };
}

/**
 * Starts the writer thread of one SQLite file and waits until its connection is open. Batches are
 * sent as one transferred buffer of UTF-8 bytes each (sqlite-writer-codec.ts), answered with one
 * transferred buffer of seqs and the batch's byte buffer for reuse. The thread is referenced only while requests are in flight.
 *
 * @example
 * const writer = await startSqliteWriter({ path: '/data/junction.sqlite', synchronous: 'FULL', busyTimeoutMs: 5000 });
 * const [results] = await writer.write([job], Date.now(), 86_400_000);
 * await writer.close();
 */
export async function startSqliteWriter(setup: WriterSetup): Promise<SqliteWriter> {
  const { entry, eval: isEval } = threadEntry();
  const worker = new Worker(entry, { eval: isEval, workerData: setup });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let dead: Error | undefined;
  const failAll = (err: Error) => {
    dead ??= err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (msg: WriterReply) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (waiting.size === 0) worker.unref();
    if ('error' in msg) w.reject(new WriterError(msg.error.message, msg.error.code));
    else w.resolve(msg);
  });
  worker.on('error', (err) => failAll(new Error(`sqlite writer thread failed: ${err.message}`)));
  worker.on('exit', (code) => failAll(new Error(`sqlite writer thread exited (code ${code})`)));

  function request(msg: WriterRequest, transfer?: ArrayBuffer[]): Promise<WriterReply> {
    if (dead) return Promise.reject(dead);
    return new Promise((resolve, reject) => {
      waiting.set(msg.id, { resolve, reject });
      worker.ref();
      worker.postMessage(msg, transfer);
    });
  }
  // Ready (id 0) or the reason it could not start.
  await new Promise<WriterReply>((resolve, reject) => {
    waiting.set(0, { resolve, reject });
  });
  worker.unref();

  let closing: Promise<void> | undefined;
  // Byte buffers of batches, handed back by the thread with each answer and reused (see the codec).
  const spares: ArrayBuffer[] = [];
  return {
    async write(jobs, nowMs, dedupeWindowMs) {
      const wire = encodeJobs(jobs, spares.pop());
      const reply = await request({ op: 'write', id: nextId++, nowMs, dedupeWindowMs, wire }, [wire.meta.buffer as ArrayBuffer, wire.bytes.buffer as ArrayBuffer]);
      const { seqs, spare } = reply as { seqs: Float64Array; spare?: ArrayBuffer };
      if (spare && spares.length < 4) spares.push(spare);
      return decodeResults(jobs, seqs);
    },
    async commitLanes(commits) {
      const reply = (await request({ op: 'commitLanes', id: nextId++, commits })) as { lanes: SettledLane[] };
      return reply.lanes.map((l): PromiseSettledResult<boolean> =>
        l.ok ? { status: 'fulfilled', value: l.value } : { status: 'rejected', reason: new WriterError(l.message, l.code) },
      );
    },
    async flushDedupe() {
      return ((await request({ op: 'flushDedupe', id: nextId++ })) as { count: number }).count;
    },
    async pruneDedupe(cutoffMs) {
      return ((await request({ op: 'pruneDedupe', id: nextId++, cutoffMs })) as { count: number }).count;
    },
    get alive() {
      return dead === undefined;
    },
    close() {
      closing ??= (async () => {
        if (!dead) await request({ op: 'close', id: nextId++ });
        await worker.terminate();
      })();
      return closing;
    },
  };
}
