import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type RawEvent } from './event-types.ts';
import { type NormalizeEventOptions, normalizeEvent, normalizeEventJson } from './normalize-event.ts';

/** Any text, lone surrogates, quotes, backslashes and control characters included. */
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '\ud800', 'é', '😀', ''));
const key = fc.oneof(text, fc.constantFrom('0', '7', '12', 'a b', '__proto__', 'constructor', 'toString', 'type', 'ip'));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.double({ noDefaultInfinity: true, noNaN: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
const object = fc.oneof(json.object, fc.constant(undefined), fc.constant(null), fc.constant([1]), fc.constant('x'));
const id = fc.oneof(text, fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined));
const time = fc.oneof(
  fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
  fc.constantFrom('2024-01-01T10:00:00Z', '2024-01-01T15:00:00+02:00', '2015-2-02T00:30:08.276Z', '2024-02-30T00:00:00Z', 'nope', ''),
  fc.constantFrom('2024-01-01 10:00:00.000Z', '2024-01-01t10:00:00.000z', '0050-01-01T00:00:00.000Z', '2024-01-01T10:00:00+0100', '2024-01-01T10:00:00,000Z'),
  fc.constant(undefined),
  fc.integer(),
);

/** A raw event with the spec's fields (any of them missing, null or odd) and unknown extra ones. */
const rawEvent: fc.Arbitrary<RawEvent> = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.constant(undefined)),
      messageId: fc.oneof(text, fc.constant(undefined), fc.integer()),
      userId: id,
      anonymousId: id,
      previousId: id,
      groupId: id,
      event: fc.oneof(text, fc.constant(null)),
      name: fc.oneof(text, fc.constant(null)),
      category: fc.oneof(text, fc.constant(null)),
      properties: object,
      traits: object,
      context: object,
      integrations: object,
      timestamp: time,
      sentAt: time,
      receivedAt: time,
      originalTimestamp: time,
      writeKey: text,
      channel: text,
    },
    { requiredKeys: [] },
  )
  .chain((base) => fc.tuple(fc.constant(base), json.object, fc.boolean()))
  // Extra keys before or after the spec's: the key order of the output follows the raw event's.
  .map(([base, extra, extraFirst]) => (extraFirst ? { ...extra, ...base } : { ...base, ...extra }) as RawEvent);

const options: fc.Arbitrary<Omit<NormalizeEventOptions, 'generateId'>> = fc.record(
  {
    receivedAt: fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }),
    type: fc.constantFrom(...EVENT_TYPES),
    context: json.object,
    integrations: json.object,
    sentAt: time.filter((t): t is string => typeof t === 'string'),
  },
  { requiredKeys: ['receivedAt'] },
);

function both(raw: RawEvent, opts: Omit<NormalizeEventOptions, 'generateId'>) {
  const withId = { ...opts, generateId: () => 'generated-1', type: opts.type ?? 'track' };
  return { expected: normalizeEvent(raw, withId), actual: normalizeEventJson(raw, withId) };
}

describe('normalizeEventJson', () => {
  it('gives the text of JSON.stringify(normalizeEvent(...)) and the same event, on generated events', () => {
    fc.assert(
      fc.property(rawEvent, options, (raw, opts) => {
        const { expected, actual } = both(raw, opts);
        expect(actual.json).toBe(JSON.stringify(expected));
        expect(actual.event).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('the same on events as JSON.parse returns them (own "__proto__" keys dropped as normalizeEvent drops them)', () => {
    fc.assert(
      fc.property(rawEvent, options, (raw, opts) => {
        const parsed = JSON.parse(JSON.stringify(raw)) as RawEvent;
        const { expected, actual } = both(parsed, opts);
        expect(actual.json).toBe(JSON.stringify(expected));
      }),
      { numRuns: 1000 },
    );
    const raw = JSON.parse('{"type":"track","event":"E","context":{"__proto__":{"polluted":1},"ip":"1.2.3.4"},"integrations":{"__proto__":1}}');
    const { expected, actual } = both(raw, { receivedAt: new Date('2024-01-01T00:00:00Z') });
    expect(actual.json).toBe(JSON.stringify(expected));
    expect(actual.json).not.toContain('polluted');
  });

  it('merges the batch context and integrations under the item ones, as normalizeEvent', () => {
    const raw: RawEvent = { type: 'track', userId: 'u', event: 'E', context: { device: { name: 'iPhone' } }, integrations: { A: false } };
    const { event, json } = normalizeEventJson(raw, {
      receivedAt: new Date('2024-01-01T00:00:00Z'),
      context: { device: { type: 'phone' }, ip: '1.2.3.4' },
      integrations: { All: true },
    });
    expect(event.context).toEqual({ device: { name: 'iPhone', type: 'phone' }, ip: '1.2.3.4' });
    expect(JSON.parse(json).integrations).toEqual({ All: true, A: false });
    expect(raw.context).toEqual({ device: { name: 'iPhone' } });
  });

  it('does not modify the raw event', () => {
    const raw: RawEvent = { type: 'identify', userId: 7, traits: { email: 'a@example.com' }, context: { ip: '1.2.3.4' }, writeKey: 'wk' };
    const before = structuredClone(raw);
    const { json } = normalizeEventJson(raw, { receivedAt: new Date('2024-01-01T00:00:00Z') });
    expect(raw).toEqual(before);
    expect(json).not.toContain('"wk"');
    expect(JSON.parse(json)).toMatchObject({ type: 'identify', userId: '7', traits: { email: 'a@example.com' }, context: { ip: '1.2.3.4' } });
  });

  it('throws as normalizeEvent on an event without a valid type', () => {
    expect(() => normalizeEventJson({ userId: 'u' }, { receivedAt: new Date() })).toThrow(/no valid "type"/);
  });
});
