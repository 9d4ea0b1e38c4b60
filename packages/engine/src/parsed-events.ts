import type { LogEvent } from '@junction/store';

/**
 * Parsed log payloads shared by the lanes of the destinations of one source: each payload is
 * parsed once, not once per destination. Plugins and mappings must not mutate the event (the
 * subscriptions of one destination already share it).
 *
 * @example
 * const parsed = createParsedEvents();
 * const event = parsed.get(logEvent, 3); // parsed now, kept for the 2 other destinations of the source
 */
export interface ParsedEvents {
  /** The payload of `e` parsed (undefined: not a JSON object). `readers`: how many destinations read this event; with ≤ 1 nothing is kept. */
  get(e: LogEvent, readers: number): Record<string, unknown> | undefined;
  /** Events kept for readers still to come. */
  readonly size: number;
}

interface Entry {
  event: Record<string, unknown> | undefined;
  left: number;
}

function parse(payload: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(payload) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the shared parse cache; an entry goes once all its readers took it, or (a lagging or
 * paused destination) when more than `maxEntries` are kept, oldest first.
 *
 * @example
 * const parsed = createParsedEvents(20_000);
 */
export function createParsedEvents(maxEntries = 20_000): ParsedEvents {
  const kept = new Map<number, Entry>();
  return {
    get(e, readers) {
      if (readers <= 1) return parse(e.payload);
      const hit = kept.get(e.seq);
      if (hit) {
        if (--hit.left <= 0) kept.delete(e.seq);
        return hit.event;
      }
      const event = parse(e.payload);
      kept.set(e.seq, { event, left: readers - 1 });
      if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
      return event;
    },
    get size() {
      return kept.size;
    },
  };
}
