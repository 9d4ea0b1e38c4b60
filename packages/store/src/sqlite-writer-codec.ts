import type { AppendJob, PreparedEvent } from './log-append.ts';
import type { AppendResult } from './types.ts';

/**
 * Wire format between the store and its SQLite writer thread: a whole group-commit batch as ONE
 * buffer of UTF-8 bytes (every text field concatenated, nothing escaped or prefixed) plus one
 * `Float64Array` of byte lengths and numbers. Both are transferred, not copied, and the writer hands
 * the byte buffer back with its answer for the next batch: encoding is one `Buffer.write` per field
 * into memory that is already mapped (a joined string of a few hundred KB, and its structured
 * clone, cost ~5 µs per event in page faults and copies on the event loop).
 *
 * `meta`: per job `[events, sourceId bytes, workspaceId bytes]`, then per event `[messageId bytes,
 * type bytes, partition, receivedAt bytes or -1 when absent, payload bytes]`.
 */
export interface WireBatch {
  bytes: Uint8Array;
  meta: Float64Array;
}

/** Smallest byte buffer allocated for a batch (buffers are reused, so a few MiB is cheap). */
const MIN_BUFFER = 1 << 20;

/**
 * Serialises the jobs of one batch into `spare` when it is large enough (else a new buffer).
 *
 * @example
 * const wire = encodeJobs([{ sourceId: 's', workspaceId: 'w', events: [] }]); // bytes 'sw', meta [0, 1, 1]
 */
export function encodeJobs(jobs: readonly AppendJob[], spare?: ArrayBuffer): WireBatch {
  let n = 0;
  let chars = 0;
  for (const job of jobs) {
    n += 3 + 5 * job.events.length;
    chars += job.sourceId.length + job.workspaceId.length;
    for (const e of job.events) chars += e.messageId.length + e.type.length + (e.receivedAt?.length ?? 0) + e.payload.length;
  }
  // A UTF-16 code unit takes at most 3 UTF-8 bytes.
  const capacity = chars * 3;
  const buffer = spare && spare.byteLength >= capacity ? spare : new ArrayBuffer(Math.max(MIN_BUFFER, capacity));
  const out = Buffer.from(buffer, 0, buffer.byteLength);
  const meta = new Float64Array(n);
  let m = 0;
  let at = 0;
  const put = (text: string): number => {
    const len = out.write(text, at);
    at += len;
    return len;
  };
  for (const job of jobs) {
    meta[m++] = job.events.length;
    meta[m++] = put(job.sourceId);
    meta[m++] = put(job.workspaceId);
    for (const e of job.events) {
      meta[m++] = put(e.messageId);
      meta[m++] = put(e.type);
      meta[m++] = e.partition;
      meta[m++] = e.receivedAt === undefined ? -1 : put(e.receivedAt);
      meta[m++] = put(e.payload);
    }
  }
  return { bytes: new Uint8Array(buffer, 0, at), meta };
}

/**
 * Parses what {@link encodeJobs} produced (throws naming the offset when the two disagree).
 *
 * @example
 * decodeJobs(encodeJobs(jobs)); // deep-equals jobs
 */
export function decodeJobs(wire: WireBatch): AppendJob[] {
  const { meta } = wire;
  const bytes = Buffer.from(wire.bytes.buffer, wire.bytes.byteOffset, wire.bytes.byteLength);
  let at = 0;
  let m = 0;
  const cut = (len: number): string => {
    if (!Number.isInteger(len) || len < 0 || at + len > bytes.length) throw new Error(`sqlite writer: malformed batch at offset ${at}`);
    const s = bytes.toString('utf8', at, at + len);
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
  if (at !== bytes.length) throw new Error(`sqlite writer: malformed batch at offset ${at}`);
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
