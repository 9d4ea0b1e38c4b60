import type { EventLogTable } from './schema.ts';
import type { LogEvent } from './types.ts';

/**
 * Log rows hold runs. The events one transaction appends for one (source, partition) get
 * consecutive seqs and are stored as ONE row of their segment table, as a Kafka record batch
 * holds many records: a batched request of 100 events costs a handful of row inserts instead of
 * 100, and a reader of one partition fetches a handful of rows.
 *
 * A row of one event is the plain row (`last_seq` and `events` NULL), as every row was before runs
 * existed. A row of n > 1 events has `seq` = the first seq, `last_seq` = seq + n − 1, `payload` =
 * the n payload texts concatenated, `events` = a JSON array with, per event,
 * `[payload length, messageId, type]` plus its receivedAt when it differs from the row's, and
 * `message_id`/`type` = the first event's. The row's `received_at` is the latest receipt in the
 * run, so a time query (`received_at >= t`) never misses a run holding an event received at or
 * after t.
 */

/** Most events in one run (bounds how far before a cursor a reader looks for the run holding it). */
export const MAX_RUN_EVENTS = 256;
/** Most payload characters in one run (a longer run is split). */
export const MAX_RUN_CHARS = 512 * 1024;

/** One event as a run stores it (`receivedAt` absent: the append time). */
export interface RunEvent {
  messageId: string;
  type: string;
  receivedAt: string | undefined;
  payload: string;
}

/**
 * The row of a run of events with seqs `seq`, `seq + 1`, …
 *
 * @example
 * runRow(7, 'ws', 'src', 3, [a, b], now); // { seq: 7, last_seq: 8, payload: a.payload + b.payload, events: '[[…],[…]]', … }
 */
export function runRow(seq: number, workspaceId: string, sourceId: string, partition: number, events: readonly RunEvent[], now: string): EventLogTable {
  const first = events[0]!;
  if (events.length === 1) {
    return { seq, last_seq: null, workspace_id: workspaceId, source_id: sourceId, partition, message_id: first.messageId, type: first.type, received_at: first.receivedAt ?? now, payload: first.payload, events: null };
  }
  let latest = first.receivedAt ?? now;
  for (const e of events) if ((e.receivedAt ?? now) > latest) latest = e.receivedAt ?? now;
  let meta = '[';
  let payload = '';
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (i > 0) meta += ',';
    const at = e.receivedAt ?? now;
    meta += `[${e.payload.length},${JSON.stringify(e.messageId)},${JSON.stringify(e.type)}${at === latest ? '' : `,${JSON.stringify(at)}`}]`;
    payload += e.payload;
  }
  return {
    seq,
    last_seq: seq + events.length - 1,
    workspace_id: workspaceId,
    source_id: sourceId,
    partition,
    message_id: first.messageId,
    type: first.type,
    received_at: latest,
    payload,
    events: `${meta}]`,
  };
}

/** The columns of a log row that {@link expandRow} reads. */
export type StoredRow = Pick<EventLogTable, 'seq' | 'last_seq' | 'workspace_id' | 'source_id' | 'partition' | 'message_id' | 'type' | 'received_at' | 'payload' | 'events'>;

/** The last seq a row holds. */
export function lastSeqOf(row: Pick<EventLogTable, 'seq' | 'last_seq'>): number {
  return row.last_seq === null || row.last_seq === undefined ? Number(row.seq) : Number(row.last_seq);
}

function malformed(row: StoredRow, why: string): Error {
  return new Error(`event log row ${Number(row.seq)} is malformed: ${why}`);
}

/**
 * The events of a log row with seq > `afterSeq`, at most `max` of them, in seq order.
 *
 * @example
 * expandRow(row, 0, 100); // [{ seq: 7, messageId: 'a', … }, { seq: 8, messageId: 'b', … }]
 */
export function expandRow(row: StoredRow, afterSeq: number, max: number, out: LogEvent[] = []): LogEvent[] {
  const seq = Number(row.seq);
  const partition = Number(row.partition);
  if (row.events === null || row.events === undefined) {
    if (seq > afterSeq && max > 0) {
      out.push({ seq, workspaceId: row.workspace_id, sourceId: row.source_id, partition, messageId: row.message_id, type: row.type, receivedAt: row.received_at, payload: row.payload });
    }
    return out;
  }
  const meta = JSON.parse(row.events) as Array<[number, string, string, string?]>;
  if (!Array.isArray(meta) || seq + meta.length - 1 !== lastSeqOf(row)) throw malformed(row, `${Array.isArray(meta) ? meta.length : 'no'} events for seqs ${seq}..${lastSeqOf(row)}`);
  let at = 0;
  let taken = 0;
  for (let i = 0; i < meta.length && taken < max; i++) {
    const [len, messageId, type, receivedAt] = meta[i]!;
    const end = at + len;
    if (end > row.payload.length) throw malformed(row, `event ${i} ends at ${end}, past the payload (${row.payload.length})`);
    if (seq + i > afterSeq) {
      out.push({ seq: seq + i, workspaceId: row.workspace_id, sourceId: row.source_id, partition, messageId, type, receivedAt: receivedAt ?? row.received_at, payload: row.payload.slice(at, end) });
      taken++;
    }
    at = end;
  }
  return out;
}

/**
 * The messageIds of a row's events, in seq order (one for a row of its own), without slicing payloads.
 *
 * @example
 * messageIdsOf(row); // ['a', 'b', 'c'] for the run of seqs 7..9
 */
export function messageIdsOf(row: Pick<StoredRow, 'message_id' | 'events'>): string[] {
  if (row.events === null || row.events === undefined) return [row.message_id];
  return (JSON.parse(row.events) as Array<[number, string]>).map((e) => e[1]);
}

/**
 * The messageId and source of the event with seq `seq` in a row holding it, without slicing payloads.
 *
 * @example
 * idAt(row, 8); // { sourceId: 'src', messageId: 'b' }
 */
export function idAt(row: StoredRow | Pick<StoredRow, 'seq' | 'last_seq' | 'source_id' | 'message_id' | 'events'>, seq: number): { sourceId: string; messageId: string } | undefined {
  const first = Number(row.seq);
  if (seq < first || seq > lastSeqOf(row)) return undefined;
  const messageId = messageIdsOf(row)[seq - first];
  return messageId === undefined ? undefined : { sourceId: row.source_id, messageId };
}
