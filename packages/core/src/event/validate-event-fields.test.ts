import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_ID_LENGTH, MAX_PROPERTIES } from './limits.ts';
import { validateEvent } from './validate-event.ts';

const track = (extra: Record<string, unknown>) => ({ type: 'track', userId: 'u1', event: 'E', ...extra });
const reasons = (input: unknown) => {
  const result = validateEvent(input);
  return result.valid ? [] : result.errors;
};

describe('validateEvent: ids', () => {
  it('accepts numeric ids (Segment classic libraries send them) and rejects other types', () => {
    expect(validateEvent({ type: 'group', userId: 42, anonymousId: 7.5, groupId: 9 }).valid).toBe(true);
    expect(validateEvent({ type: 'alias', userId: 1, previousId: 2 }).valid).toBe(true);
    for (const key of ['userId', 'anonymousId', 'previousId', 'groupId']) {
      for (const bad of [true, {}, ['u']]) {
        expect(reasons(track({ anonymousId: 'a', [key]: bad }))).toEqual([
          { path: key, message: `track: "${key}" must be a string or number`, reason: 'id_not_string' },
        ]);
      }
    }
  });

  it('rejects NaN and Infinity ids (not JSON numbers)', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(reasons(track({ userId: bad, anonymousId: 'a' }))).toEqual([
        { path: 'userId', message: 'track: "userId" must be a string or number', reason: 'id_not_string' },
      ]);
    }
  });

  it('messageId: up to 100 characters, a string', () => {
    expect(validateEvent(track({ messageId: 'm'.repeat(MAX_MESSAGE_ID_LENGTH) })).valid).toBe(true);
    expect(reasons(track({ messageId: 'm'.repeat(MAX_MESSAGE_ID_LENGTH + 1) }))).toEqual([
      { path: 'messageId', message: 'track: "messageId" must be at most 100 characters', reason: 'message_id_too_long' },
    ]);
    expect(reasons(track({ messageId: 12 }))).toEqual([
      { path: 'messageId', message: 'track: "messageId" must be a string', reason: 'id_not_string' },
    ]);
    expect(validateEvent(track({ messageId: null })).valid).toBe(true);
    // PostgreSQL text cannot hold U+0000: the event is refused naming the field, not failed at the store.
    expect(reasons(track({ messageId: 'a\u0000b' }))).toEqual([
      { path: 'messageId', message: 'track: "messageId" must not contain NUL (U+0000) or unpaired surrogate characters', reason: 'id_not_string' },
    ]);
    // Stored as UTF-8, an unpaired surrogate becomes U+FFFD: "a\uD800" and "a\uD801" would be one id.
    for (const id of ['a\uD800', '\uDC00b', 'x\uDE00\uD83D']) {
      expect(reasons(track({ messageId: id }))).toEqual([
        { path: 'messageId', message: 'track: "messageId" must not contain NUL (U+0000) or unpaired surrogate characters', reason: 'id_not_string' },
      ]);
    }
    expect(validateEvent(track({ messageId: 'é😀 \u0001' })).valid).toBe(true);
  });
});

describe('validateEvent: timestamps', () => {
  it.each(['timestamp', 'sentAt', 'originalTimestamp'])('%s must be ISO-8601 when present', (key) => {
    expect(validateEvent(track({ [key]: '2024-02-29T23:59:59.999+02:00' })).valid).toBe(true);
    expect(validateEvent(track({ [key]: null })).valid).toBe(true);
    for (const bad of ['2024-02-30T00:00:00Z', 'Tue, 02 Dec 2012 00:30:08 GMT', '1354408208']) {
      expect(reasons(track({ [key]: bad }))).toEqual([
        { path: key, message: `track: "${key}" must be an ISO-8601 timestamp string`, reason: 'invalid_timestamp' },
      ]);
    }
    expect(reasons(track({ [key]: 1354408208276 }))[0]?.reason).toBe('invalid_timestamp');
  });

  it('a client receivedAt is not validated (the server overwrites it)', () => {
    expect(validateEvent(track({ receivedAt: 'whenever' })).valid).toBe(true);
  });
});

describe('validateEvent: objects and nested paths', () => {
  it('names nested context paths', () => {
    expect(reasons(track({ context: { traits: 'x', page: [], library: { name: 'analytics-node' } } }))).toEqual([
      { path: 'context.traits', message: 'track: "context.traits" must be an object', reason: 'traits_not_object' },
      { path: 'context.page', message: 'track: "context.page" must be an object', reason: 'context_not_object' },
    ]);
  });

  it('context and integrations must be objects', () => {
    expect(reasons(track({ context: 'web', integrations: [true] }))).toEqual([
      { path: 'context', message: 'track: "context" must be an object', reason: 'context_not_object' },
      { path: 'integrations', message: 'track: "integrations" must be an object', reason: 'integrations_not_object' },
    ]);
  });

  it('null objects count as absent', () => {
    expect(validateEvent(track({ context: null, integrations: null, properties: null })).valid).toBe(true);
  });

  it('at most 10,000 properties / traits (checked apart from size: 10,000 keys never fit in 32 KB)', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, 1]));
    const check = (input: unknown) => validateEvent(input, { checkSize: false });
    expect(check(track({ properties: many(MAX_PROPERTIES) })).valid).toBe(true);
    expect(check(track({ properties: many(MAX_PROPERTIES + 1) }))).toEqual({
      valid: false,
      errors: [
        { path: 'properties', message: 'track: "properties" must have at most 10000 keys', reason: 'too_many_properties' },
      ],
    });
    const traits = check({ type: 'identify', userId: 'u', traits: many(MAX_PROPERTIES + 1) });
    expect(traits.valid ? [] : traits.errors.map((e) => e.reason)).toEqual(['too_many_properties']);
  });

  it('reports every error at once, in one pass', () => {
    const errors = reasons({
      type: 'track',
      messageId: 'x'.repeat(101),
      event: 3,
      properties: 'p',
      context: { traits: 1 },
      timestamp: 'soon',
    });
    expect(errors.map((e) => [e.path, e.reason])).toEqual([
      ['', 'no_user_anon_id'],
      ['messageId', 'message_id_too_long'],
      ['event', 'event_not_string'],
      ['properties', 'properties_not_object'],
      ['context.traits', 'traits_not_object'],
      ['timestamp', 'invalid_timestamp'],
    ]);
  });

  it('never quotes values in messages (they may be secrets)', () => {
    const errors = reasons({ type: 'track', writeKey: 'SECRET-KEY', userId: { token: 'SECRET-TOKEN' }, event: 'E' });
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors)).not.toContain('SECRET');
  });
});

describe('validateEvent: message size', () => {
  const sized = (bytes: number) => {
    const base = track({ properties: { pad: '' } });
    const overhead = JSON.stringify(base).length;
    return track({ properties: { pad: 'x'.repeat(bytes - overhead) } });
  };

  it('accepts exactly 32 KB and refuses one byte more', () => {
    expect(JSON.stringify(sized(MAX_MESSAGE_BYTES)).length).toBe(MAX_MESSAGE_BYTES);
    expect(validateEvent(sized(MAX_MESSAGE_BYTES)).valid).toBe(true);
    expect(reasons(sized(MAX_MESSAGE_BYTES + 1))).toEqual([
      { path: '', message: 'track: the event is 32769 bytes, over the 32768-byte limit', reason: 'message_too_large' },
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const input = track({ properties: { pad: 'é'.repeat(17_000) } });
    expect(reasons(input)[0]?.reason).toBe('message_too_large');
  });

  it('checkSize: false skips the size check', () => {
    expect(validateEvent(sized(MAX_MESSAGE_BYTES + 1), { checkSize: false }).valid).toBe(true);
  });

  it('a value JSON cannot serialise → bad_request', () => {
    expect(reasons(track({ properties: { big: 10n } }))).toEqual([
      { path: '', message: 'track: the event is not JSON-serialisable', reason: 'bad_request' },
    ]);
  });
});
