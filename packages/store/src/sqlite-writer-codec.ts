import type { AppendJob, PreparedEvent } from './log-append.ts';
import type { AppendResult } from './types.ts';

/**
 * Wire format between the store and its SQLite writer thread: a whole group-commit batch as ONE
 * string (every text field concatenated, nothing escaped or prefixed) plus one transferable
 * `Float64Array` of lengths and numbers, so postMessage copies one flat string and moves one buffer
 * instead of cloning an object per event, and encoding allocates no string per field.
 *
 * `meta`: per job `[events, sourceId length, workspaceId length]`, then per event `[messageId length,
 * type length, partition, receivedAt length or -1 when absent, payload length]` (UTF-16 lengths).
 */
export interface WireBatch {
  text: string;
  meta: Float64Array;
}

/**
 * Serialises the jobs of one batch.
 *
 * @example
 * const wire = encodeJobs([{ sourceId: 's', workspaceId: 'w', events: [] }]); // { text: 'sw', meta: [0, 1, 1] }
 */
export function encodeJobs(jobs: readonly AppendJob[]): WireBatch {
  let n = 0;
  for (const job of jobs) n += 3 + 5 * job.events.length;
  const meta = new Float64Array(n);
  const parts: string[] = [];
  let m = 0;
  for (const job of jobs) {
    meta[m++] = job.events.length;
    meta[m++] = job.sourceId.length;
    meta[m++] = job.workspaceId.length;
    parts.push(job.sourceId, job.workspaceId);
    for (const e of job.events) {
      meta[m++] = e.messageId.length;
      meta[m++] = e.type.length;
      meta[m++] = e.partition;
      meta[m++] = e.receivedAt === undefined ? -1 : e.receivedAt.length;
      meta[m++] = e.payload.length;
      parts.push(e.messageId, e.type);
      if (e.receivedAt !== undefined) parts.push(e.receivedAt);
      parts.push(e.payload);
    }
  }
  return { text: parts.join(''), meta };
}

/**
 * Parses what {@link encodeJobs} produced (throws naming the offset when the two disagree).
 *
 * @example
 * decodeJobs(encodeJobs(jobs)); // deep-equals jobs
 */
export function decodeJobs(wire: WireBatch): AppendJob[] {
  const { text, meta } = wire;
  let at = 0;
  let m = 0;
  const cut = (len: number): string => {
    if (!Number.isInteger(len) || len < 0 || at + len > text.length) throw new Error(`sqlite writer: malformed batch at offset ${at}`);
    const s = text.slice(at, at + len);
    at += len;
    return s;
  };
  const jobs: AppendJob[] = [];
  while (m < meta.length) {
    const count = meta[m++]!;
    const sourceId = cut(meta[m++]!);
    const workspaceId = cut(meta[m++]!);
    if (!Number.isInteger(count) || count < 0 || m + 5 * count > meta.length) throw new Error(`sqlite writer: malformed batch at offset ${at}`);
    const events: PreparedEvent[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const messageId = cut(meta[m++]!);
      const type = cut(meta[m++]!);
      const partition = meta[m++]!;
      const atLen = meta[m++]!;
      const receivedAt = atLen < 0 ? undefined : cut(atLen);
      events[i] = { messageId, type, partition, receivedAt, payload: cut(meta[m++]!) };
    }
    jobs.push({ sourceId, workspaceId, events });
  }
  if (at !== text.length) throw new Error(`sqlite writer: malformed batch at offset ${at}`);
  return jobs;
}

/**
 * Flattens per-job results into one seq per event (0 = duplicate), transferable as one buffer.
 *
 * @example
 * encodeResults([[{ messageId: 'a', status: 'new', seq: 7, partition: 1 }]]); // Float64Array [7]
 */
export function encodeResults(results: readonly AppendResult[][]): Float64Array {
  let n = 0;
  for (const r of results) n += r.length;
  const seqs = new Float64Array(n);
  let i = 0;
  for (const r of results) for (const e of r) seqs[i++] = e.seq ?? 0;
  return seqs;
}

/**
 * Rebuilds per-job results from the jobs the main thread kept and the seqs the writer returned.
 *
 * @example
 * decodeResults(jobs, new Float64Array([7])); // [[{ messageId: 'a', status: 'new', seq: 7, partition: 1 }]]
 */
export function decodeResults(jobs: readonly AppendJob[], seqs: Float64Array): AppendResult[][] {
  let i = 0;
  return jobs.map((job) =>
    job.events.map((e): AppendResult => {
      const seq = seqs[i++]!;
      return seq > 0
        ? { messageId: e.messageId, status: 'new', seq, partition: e.partition }
        : { messageId: e.messageId, status: 'duplicate', seq: null, partition: e.partition };
    }),
  );
}
