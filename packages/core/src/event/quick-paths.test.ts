import { describe, expect, it } from 'vitest';
import { generateEvents } from './__fixtures__/event-generator.ts';
import { EVENT_TYPES, type EventType } from './event-types.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { collectPayloadIssues, PAYLOAD_HAS_ISSUES, payloadBound, scanPayload } from './payload-guard.ts';
import { validateBatch } from './validate-batch.ts';
import { validateEvent, validateEventFully } from './validate-event.ts';

const cases = generateEvents(20261127, 3000);

describe('quick paths agree with the full ones on generated events', () => {
  it('the generator yields valid and invalid events of every kind', () => {
    const results = cases.map((input) => validateEventFully(input));
    const reasons = new Set(results.flatMap((r) => (r.valid ? [] : r.errors.map((e) => e.reason))));
    expect(results.filter((r) => r.valid).length).toBeGreaterThan(300);
    expect(results.filter((r) => !r.valid).length).toBeGreaterThan(300);
    for (const reason of ['forbidden_key', 'too_deeply_nested', 'message_too_large', 'invalid_timestamp', 'no_user_anon_id']) {
      expect(reasons).toContain(reason);
    }
  });

  it('validateEvent gives exactly what validateEventFully gives (every option)', () => {
    const optionSets: Array<{ type?: EventType; checkSize?: boolean }> = [{}, { checkSize: false }, ...EVENT_TYPES.map((type) => ({ type }))];
    for (const [i, input] of cases.entries()) {
      const options = optionSets[i % optionSets.length]!;
      expect(validateEvent(input, options), `case ${i} ${JSON.stringify(options)}`).toEqual(validateEventFully(input, options));
    }
  });

  it('scanPayload gives exactly what the full walk gives', () => {
    for (const [i, input] of cases.entries()) {
      expect(scanPayload(input, 'track'), `case ${i}`).toEqual(collectPayloadIssues(input, 'track'));
    }
  });

  it('payloadBound is -1 exactly when the full walk finds a problem, else at least the JSON byte size', () => {
    let bounded = 0;
    for (const [i, input] of cases.entries()) {
      const bound = payloadBound(input, MAX_NESTING_DEPTH);
      const issues = collectPayloadIssues(input, 'track');
      expect(bound === PAYLOAD_HAS_ISSUES, `case ${i}`).toBe(issues.length > 0);
      if (bound < 0 || bound === Number.POSITIVE_INFINITY) continue;
      bounded++;
      expect(bound, `case ${i}`).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(input) ?? ''));
    }
    expect(bounded).toBeGreaterThan(1000);
  });

  it('validateBatch items equal validateEvent results, with their index', () => {
    const batch = cases.filter((c) => c !== null && typeof c === 'object' && !Array.isArray(c)).slice(0, 2000);
    const result = validateBatch({ batch });
    if (!result.valid) throw new Error('the envelope is valid');
    expect(result.items).toEqual(batch.map((item, index) => ({ ...validateEventFully(item), index })));
  });
});

describe('payloadBound edge cases', () => {
  it('gives no bound when JSON.stringify could call toJSON or throw', () => {
    expect(payloadBound({ at: new Date(0) }, 64)).toBe(Number.POSITIVE_INFINITY);
    expect(payloadBound({ n: 1n }, 64)).toBe(Number.POSITIVE_INFINITY);
    const withToJson = { f: Object.assign(() => 1, { toJSON: () => 'x'.repeat(40_000) }) };
    expect(payloadBound(withToJson, 64)).toBe(Number.POSITIVE_INFINITY);
    (Object.prototype as { toJSON?: unknown }).toJSON = () => 'x'.repeat(40_000);
    try {
      expect(payloadBound({ a: 1 }, 64)).toBe(Number.POSITIVE_INFINITY);
    } finally {
      delete (Object.prototype as { toJSON?: unknown }).toJSON;
    }
  });

  it('stops cycles by depth and refuses limits it would recurse too far for', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(payloadBound(cycle, 64)).toBe(PAYLOAD_HAS_ISSUES);
    expect(() => payloadBound({}, 100_000)).toThrow(RangeError);
    expect(scanPayload(cycle, 'track', 100_000)).toEqual(collectPayloadIssues(cycle, 'track', 100_000));
  });

  it('bounds control characters and lone surrogates by their escaped form', () => {
    for (const value of ['\u0001'.repeat(100), '\ud800'.repeat(100), '😀'.repeat(50), 'é"\\'.repeat(40)]) {
      expect(payloadBound({ value }, 64)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify({ value })));
    }
  });

  it('an event over 32 KB only in its escaped JSON form is still refused as too large', () => {
    const input = { type: 'track', userId: 'u', event: 'E', properties: { s: '\u0001'.repeat(6000) } };
    const result = validateEvent(input);
    expect(result).toEqual(validateEventFully(input));
    expect(result.valid).toBe(false);
  });
});
