import type { Backend } from './backend.ts';
import { writeBatchPostgres } from './log-append-pg.ts';
import { writeBatchSqlite } from './log-append-sqlite.ts';
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

/** What one transaction writes: log rows, fresh dedupe keys, and the answer to each job. */
export interface BatchPlan {
  rows: EventLogTable[];
  fresh: string[];
  results: AppendResult[][];
  head: number;
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

/**
 * Decides, for a batch, which events are new (seq head+1, head+2, …) and which are duplicates
 * (key seen within the window, or earlier in this batch). Pure.
 *
 * @example
 * const plan = planBatch(jobs, 41, new Set(['src/m1']), '2025-01-31T00:00:00.000Z');
 */
export function planBatch(jobs: AppendJob[], head: number, seen: Set<string>, now: string): BatchPlan {
  const rows: EventLogTable[] = [];
  const fresh: string[] = [];
  let seq = head;
  const results = jobs.map((job) =>
    job.events.map((e): AppendResult => {
      const key = dedupeKey(job.sourceId, e.messageId);
      if (seen.has(key)) return { messageId: e.messageId, status: 'duplicate', seq: null, partition: e.partition };
      seen.add(key);
      fresh.push(key);
      seq += 1;
      rows.push({
        seq,
        workspace_id: job.workspaceId,
        source_id: job.sourceId,
        partition: e.partition,
        message_id: e.messageId,
        type: e.type,
        received_at: e.receivedAt ?? now,
        payload: e.payload,
      });
      return { messageId: e.messageId, status: 'new', seq, partition: e.partition };
    }),
  );
  return { rows, fresh, results, head: seq };
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
