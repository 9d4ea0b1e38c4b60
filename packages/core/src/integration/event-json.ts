/**
 * The stored JSON text of a delivered event, carried on the event object under a registered
 * symbol, so a plugin that sends the whole event (the webhook's default mapping `{ "@path": "$" }`)
 * can send that text instead of re-serialising the object. The property is a non-enumerable
 * symbol: `JSON.stringify`, `Object.keys` and object spread ignore it, so plugins that do not know
 * it behave as before, and an edited copy of an event never carries a stale text.
 *
 * Part of the plugin contract: the engine tags the events it delivers (`withEventJson`), plugins
 * read the text with `eventJsonOf` (or `Symbol.for('junction.eventJson')` without importing core).
 *
 * @example
 * const text = (payload.data as Record<symbol, unknown>)[EVENT_JSON];
 * const body = typeof text === 'string' ? text : JSON.stringify(payload.data);
 */
export const EVENT_JSON: unique symbol = Symbol.for('junction.eventJson') as never;

/**
 * Tags `event` with its JSON text (the text must be `event` serialised, whitespace aside) and returns it.
 *
 * @example
 * const event = withEventJson(JSON.parse(row.payload), row.payload);
 */
export function withEventJson<T extends object>(event: T, json: string): T {
  Object.defineProperty(event, EVENT_JSON, { value: json, enumerable: false, configurable: true, writable: true });
  return event;
}

/**
 * The JSON text of a value: the text it was tagged with by {@link withEventJson}, else `JSON.stringify(value)`.
 *
 * @example
 * eventJsonOf(withEventJson({ a: 1 }, '{"a":1}')); // '{"a":1}' (not re-serialised)
 */
export function eventJsonOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) {
    const text = (value as Record<symbol, unknown>)[EVENT_JSON];
    if (typeof text === 'string') return text;
  }
  return JSON.stringify(value);
}
