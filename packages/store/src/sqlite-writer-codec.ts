import type { AppendJob, PreparedEvent } from './log-append.ts';
import type { AppendResult } from './types.ts';

/**
 * Wire format between the store and its SQLite writer thread: a whole group-commit batch as ONE
 * string of length-prefixed fields (`<utf16 length>:<text>`), so postMessage copies one flat
 * string instead of cloning an object per event. Any text round-trips (no separator to escape).
 */
function field(s: string): string {
  return `${s.length}:${s}`;
}

/**
 * Serialises the jobs of one batch.
 *
 * @example
 * const wire = encodeJobs([{ sourceId: 's', workspaceId: 'w', events: [] }]); // '1:s1:w0:'
 */
export function encodeJobs(jobs: readonly AppendJob[]): string {
  const parts: string[] = [];
  for (const job of jobs) {
    parts.push(field(job.sourceId), field(job.workspaceId), field(String(job.events.length)));
    for (const e of job.events) {
      parts.push(
        field(e.messageId),
        field(e.type),
        field(String(e.partition)),
        e.receivedAt === undefined ? '-' : field(e.receivedAt),
        field(e.payload),
      );
    }
  }
  return parts.join('');
}

/**
 * Parses what {@link encodeJobs} produced; throws naming the offset when the text is malformed.
 *
 * @example
 * decodeJobs(encodeJobs(jobs)); // deep-equals jobs
 */
export function decodeJobs(wire: string): AppendJob[] {
  let at = 0;
  const next = (): string => {
    const colon = wire.indexOf(':', at);
    const len = colon < 0 ? Number.NaN : Number(wire.slice(at, colon));
    if (!Number.isInteger(len) || len < 0 || colon + 1 + len > wire.length) throw new Error(`sqlite writer: malformed batch at offset ${at}`);
    at = colon + 1 + len;
    return wire.slice(colon + 1, at);
  };
  const jobs: AppendJob[] = [];
  while (at < wire.length) {
    const sourceId = next();
    const workspaceId = next();
    const count = Number(next());
    const events: PreparedEvent[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const messageId = next();
      const type = next();
      const partition = Number(next());
      let receivedAt: string | undefined;
      if (wire[at] === '-') at++;
      else receivedAt = next();
      events[i] = { messageId, type, partition, receivedAt, payload: next() };
    }
    jobs.push({ sourceId, workspaceId, events });
  }
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
