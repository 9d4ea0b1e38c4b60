import type { LogEvent } from '@junction/store';
import { describe, expect, it } from 'vitest';
import { createParsedEvents } from './parsed-events.ts';

const logEvent = (seq: number, payload: string): LogEvent =>
  ({ seq, workspaceId: 'ws', sourceId: 'src', partition: 0, messageId: `m-${seq}`, type: 'track', receivedAt: '2026-01-01T00:00:00.000Z', payload });

describe('shared parsed payloads', () => {
  it('parses once for all readers of an event and forgets it after the last one', () => {
    const parsed = createParsedEvents();
    const e = logEvent(1, '{"type":"track","userId":"u1"}');
    const first = parsed.get(e, 3);
    expect(first).toEqual({ type: 'track', userId: 'u1' });
    expect(parsed.size).toBe(1);
    expect(parsed.get(e, 3)).toBe(first);
    expect(parsed.get(e, 3)).toBe(first);
    expect(parsed.size).toBe(0);
    expect(parsed.get(e, 3)).not.toBe(first); // a replay parses again
  });

  it('keeps nothing for a single reader and answers undefined for a payload that is not a JSON object', () => {
    const parsed = createParsedEvents();
    expect(parsed.get(logEvent(1, '{"a":1}'), 1)).toEqual({ a: 1 });
    expect(parsed.size).toBe(0);
    expect(parsed.get(logEvent(2, '{not json'), 2)).toBeUndefined();
    expect(parsed.get(logEvent(3, '[1,2]'), 1)).toBeUndefined();
    expect(parsed.get(logEvent(4, 'null'), 1)).toBeUndefined();
  });

  it('drops the oldest entries beyond its bound (a lagging destination parses again)', () => {
    const parsed = createParsedEvents(2);
    const events = [1, 2, 3].map((i) => logEvent(i, `{"i":${i}}`));
    const kept = events.map((e) => parsed.get(e, 2));
    expect(parsed.size).toBe(2);
    expect(parsed.get(events[0]!, 2)).not.toBe(kept[0]);
    expect(parsed.get(events[2]!, 2)).toBe(kept[2]);
  });
});
