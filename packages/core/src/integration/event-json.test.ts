import { describe, expect, it } from 'vitest';
import { EVENT_JSON, eventJsonOf, withEventJson } from './event-json.ts';

describe('event JSON text', () => {
  const stored = '{ "type": "track",  "event": "Signed Up" }';

  it('carries the stored text under Symbol.for("junction.eventJson"), invisible to JSON, keys and spread', () => {
    const event = withEventJson(JSON.parse(stored) as Record<string, unknown>, stored);
    expect(EVENT_JSON).toBe(Symbol.for('junction.eventJson'));
    expect((event as Record<symbol, unknown>)[Symbol.for('junction.eventJson')]).toBe(stored);
    expect(eventJsonOf(event)).toBe(stored);
    expect(JSON.stringify(event)).toBe('{"type":"track","event":"Signed Up"}');
    expect(Object.keys(event)).toEqual(['type', 'event']);
    const edited = { ...event, event: 'Edited' }; // a filter's edited copy never carries the old text
    expect(eventJsonOf(edited)).toBe('{"type":"track","event":"Edited"}');
  });

  it('serialises untagged values, and re-tagging replaces the text', () => {
    expect(eventJsonOf({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(eventJsonOf('x')).toBe('"x"');
    expect(eventJsonOf(null)).toBe('null');
    expect(eventJsonOf(undefined)).toBeUndefined();
    const event = withEventJson({ a: 1 }, '{"a":1}');
    expect(eventJsonOf(withEventJson(event, '{ "a": 1 }'))).toBe('{ "a": 1 }');
  });
});
