import type { Backend } from './backend.ts';
import { writeBatchPostgres } from './log-append-pg.ts';
import { writeBatchSqlite } from './log-append-sqlite.ts';
import { MAX_RUN_CHARS, MAX_RUN_EVENTS, type RunEvent, runRow } from './log-runs.ts';
import type { EventLogTable } from './schema.ts';
import type { AppendResult } from './types.ts';

/** One event, validated and partitioned, waiting for its transaction. */
export interface PreparedEvent {
  messageId: string;
  type: string;
  partition: number;
  payload: string;
  receivedAt: string | undefined;
}

/** One appendEvents call, as the group committer sees it. */
export interface AppendJob {
  sourceId: string;
  workspaceId: string;
  events: PreparedEvent[];
}

/** What one transaction writes: log rows (runs), the new events' keys and seqs, and the answer to each job. */
export interface BatchPlan {
  rows: EventLogTable[];
  /** Source, messageId and seq of each new event, in arrival order (seqs are not: runs group them). */
  freshSources: string[];
  freshIds: string[];
  freshSeqs: number[];
  results: AppendResult[][];
  head: number;
}

/**
 * Tells {@link planBatch} whether an event is a duplicate: seen within the dedupe window, or earlier
 * in the batch. Called once per event in arrival order; an event it answers false for counts as
 * seen for the rest of the batch.
 */
export type DuplicateCheck = (sourceId: string, messageId: string) => boolean;

/**
 * The usual {@link DuplicateCheck}: keys in `known` (found in the window) or earlier in the batch.
 *
 * @example
 * const dup = keySetCheck(new Set(['src/m1'])); dup('src', 'm1'); // true
 */
export function keySetCheck(known: Set<string>): DuplicateCheck {
  return (sourceId, messageId) => {
    const key = dedupeKey(sourceId, messageId);
    if (known.has(key)) return true;
    known.add(key);
    return false;
  };
}

/**
 * The dedupe key of an event: source ids are base62, so '/' cannot be ambiguous.
 *
 * @example
 * dedupeKey('3fKx…', 'msg-1'); // '3fKx…/msg-1'
 */
export function dedupeKey(sourceId: string, messageId: string): string {
  return `${sourceId}/${messageId}`;
}

interface OpenRun {
  job: AppendJob;
  partition: number;
  events: RunEvent[];
  results: AppendResult[];
  chars: number;
}

/**
 * Decides, for a batch, which events are new and which are duplicates (key seen within the
 * window, or earlier in this batch), and lays the new ones out as runs (log-runs.ts): the events
 * of one (source, partition) in arrival order get consecutive seqs from head+1 on and one row.
 * Order within a partition is arrival order; runs follow each other in order of first arrival. Pure.
 *
 * @example
 * const plan = planBatch(jobs, 41, keySetCheck(new Set(['src/m1'])), '2025-01-31T00:00:00.000Z');
 */
export function planBatch(jobs: AppendJob[], head: number, isDuplicate: DuplicateCheck, now: string): BatchPlan {
  const freshSources: string[] = [];
  const freshIds: string[] = [];
  const freshResults: AppendResult[] = [];
  // Open runs per source, indexed by partition (a source has one workspace).
  const open = new Map<string, OpenRun[]>();
  const runs: OpenRun[] = [];
  const results = jobs.map((job) => {
    let lanes = open.get(job.sourceId);
    if (!lanes) {
      lanes = [];
      open.set(job.sourceId, lanes);
    }
    return job.events.map((e): AppendResult => {
      if (isDuplicate(job.sourceId, e.messageId)) return { messageId: e.messageId, status: 'duplicate', seq: null, partition: e.partition };
      freshSources.push(job.sourceId);
      freshIds.push(e.messageId);
      const result: AppendResult = { messageId: e.messageId, status: 'new', seq: 0, partition: e.partition };
      freshResults.push(result);
      let run = lanes[e.partition];
      if (!run || run.events.length >= MAX_RUN_EVENTS || run.chars + e.payload.length > MAX_RUN_CHARS) {
        run = { job, partition: e.partition, events: [], results: [], chars: 0 };
        lanes[e.partition] = run;
        runs.push(run);
      }
      run.events.push(e);
      run.results.push(result);
      run.chars += e.payload.length;
      return result;
    });
  });
  const rows: EventLogTable[] = [];
  let seq = head;
  for (const run of runs) {
    rows.push(runRow(seq + 1, run.job.workspaceId, run.job.sourceId, run.partition, run.events, now));
    for (const r of run.results) r.seq = ++seq;
  }
  return { rows, freshSources, freshIds, freshSeqs: freshResults.map((r) => r.seq!), results, head: seq };
}

/** Options of one batch write. */
export interface WriteBatchOptions {
  dedupeWindowMs: number;
  clock: () => number;
}

/**
 * Writes the events of several appendEvents calls in ONE transaction: takes the log-head lock
 * first, drops duplicates, assigns consecutive seqs, inserts into today's segment, records the
 * dedupe keys, moves the head. Resolves after COMMIT, with one result array per job.
 *
 * @example
 * const [results] = await writeBatch(backend, [job], { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export function writeBatch(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  return backend.withSqliteFile ? writeBatchSqlite(backend, jobs, opts) : writeBatchPostgres(backend, jobs, opts);
}
