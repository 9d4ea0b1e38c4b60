import { describe, expect, it } from 'vitest';
import { expandRow, idAt, lastSeqOf, type RunEvent, runRow } from './log-runs.ts';

const at = (s: number) => new Date(Date.parse('2025-02-03T04:05:06.000Z') + s * 1000).toISOString();
const event = (i: number, receivedAt = at(0)): RunEvent => ({
  messageId: `m-${i}-ü"\\`,
  type: i % 2 ? 'track' : 'identify',
  receivedAt,
  payload: JSON.stringify({ i, text: `line\nbreak ${'é'.repeat(i)} 😀`, nested: { a: [i, null, true] } }),
});

describe('log runs', () => {
  it('stores one event as a plain row and expands it back', () => {
    const row = runRow(9, 'ws', 'src', 3, [event(1)], at(9));
    expect(row).toMatchObject({ seq: 9, last_seq: null, events: null, message_id: event(1).messageId, type: 'track', received_at: at(0), payload: event(1).payload });
    expect(lastSeqOf(row)).toBe(9);
    expect(expandRow(row, 8, 10)).toEqual([{ seq: 9, workspaceId: 'ws', sourceId: 'src', partition: 3, ...event(1) }]);
    expect(expandRow(row, 9, 10)).toEqual([]);
    expect(idAt(row, 9)).toEqual({ sourceId: 'src', messageId: event(1).messageId });
    expect(idAt(row, 10)).toBeUndefined();
  });

  it('round-trips a run with unicode, escapes and differing receipt times', () => {
    const events = Array.from({ length: 40 }, (_, i) => event(i, at(i % 3)));
    const row = runRow(100, 'ws', 'src', 7, events, at(9));
    expect(row.seq).toBe(100);
    expect(row.last_seq).toBe(139);
    expect(row.received_at).toBe(at(2)); // the latest receipt of the run
    const all = expandRow(row, 0, 1000);
    expect(all.map((e) => e.seq)).toEqual(events.map((_, i) => 100 + i));
    expect(all.map(({ messageId, type, receivedAt, payload }) => ({ messageId, type, receivedAt, payload }))).toEqual(events);
    expect(all.every((e) => e.partition === 7 && e.sourceId === 'src' && e.workspaceId === 'ws')).toBe(true);
    // From the middle, and at most `max`.
    expect(expandRow(row, 119, 5).map((e) => e.seq)).toEqual([120, 121, 122, 123, 124]);
    expect(expandRow(row, 139, 5)).toEqual([]);
    expect(idAt(row, 125)).toEqual({ sourceId: 'src', messageId: events[25]!.messageId });
    expect(idAt(row, 99)).toBeUndefined();
  });

  it('names the row when its index disagrees with its payload or seqs', () => {
    const row = runRow(5, 'ws', 'src', 0, [event(1), event(2)], at(9));
    expect(() => expandRow({ ...row, payload: row.payload.slice(0, 10) }, 0, 10)).toThrow(/event log row 5 is malformed: event 0 ends at \d+, past the payload \(10\)/);
    expect(() => expandRow({ ...row, last_seq: 9 }, 0, 10)).toThrow(/event log row 5 is malformed: 2 events for seqs 5\.\.9/);
  });
});
