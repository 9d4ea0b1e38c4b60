import { describe, expect, it } from 'vitest';
import validCalls from './__fixtures__/valid-calls.json' with { type: 'json' };
import { EVENT_TYPES, type EventType } from './event-types.ts';
import { validateEvent } from './validate-event.ts';

const fixture = (type: EventType): Record<string, unknown> => structuredClone(validCalls[type]);

describe('validateEvent: every call type', () => {
  it.each(EVENT_TYPES)('accepts a documented %s call and returns it unchanged', (type) => {
    const input = fixture(type);
    const result = validateEvent(input);
    expect(result).toEqual({ valid: true, event: input });
    if (result.valid) expect(result.event).toBe(input);
  });

  it.each(EVENT_TYPES.filter((t) => t !== 'alias'))('%s without userId or anonymousId → no_user_anon_id', (type) => {
    const input = fixture(type);
    delete input.userId;
    delete input.anonymousId;
    expect(validateEvent(input)).toEqual({
      valid: false,
      errors: [{ path: '', message: `${type}: "userId" or "anonymousId" is required`, reason: 'no_user_anon_id' }],
    });
  });

  it.each(['identify', 'page', 'screen'] as const)('%s with only an anonymousId is valid', (type) => {
    expect(validateEvent({ type, anonymousId: 'anon-1' }).valid).toBe(true);
  });

  it('null or empty ids do not count as present', () => {
    const result = validateEvent({ type: 'page', userId: null, anonymousId: '' });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.errors.map((e) => e.reason)).toEqual(['no_user_anon_id']);
  });

  it('track: missing event → event_not_defined', () => {
    expect(validateEvent({ type: 'track', userId: 'u1' })).toEqual({
      valid: false,
      errors: [{ path: 'event', message: 'track: "event" is required', reason: 'event_not_defined' }],
    });
  });

  it('track: empty or null event → event_not_defined', () => {
    for (const event of ['', null]) {
      expect(validateEvent({ type: 'track', userId: 'u1', event })).toEqual({
        valid: false,
        errors: [{ path: 'event', message: 'track: "event" must not be null or empty', reason: 'event_not_defined' }],
      });
    }
  });

  it('track: non-string event → event_not_string', () => {
    expect(validateEvent({ type: 'track', userId: 'u1', event: 42 })).toEqual({
      valid: false,
      errors: [{ path: 'event', message: 'track: "event" must be a string', reason: 'event_not_string' }],
    });
  });

  it('page and screen: non-string name → name_not_string; non-string category → bad_request', () => {
    for (const type of ['page', 'screen'] as const) {
      expect(validateEvent({ type, userId: 'u1', name: ['Home'], category: 7 })).toEqual({
        valid: false,
        errors: [
          { path: 'name', message: `${type}: "name" must be a string`, reason: 'name_not_string' },
          { path: 'category', message: `${type}: "category" must be a string`, reason: 'bad_request' },
        ],
      });
    }
  });

  it('group: missing groupId → id_required; empty groupId → id_required', () => {
    expect(validateEvent({ type: 'group', userId: 'u1' })).toEqual({
      valid: false,
      errors: [{ path: 'groupId', message: 'group: "groupId" is required', reason: 'id_required' }],
    });
    expect(validateEvent({ type: 'group', userId: 'u1', groupId: '' })).toEqual({
      valid: false,
      errors: [{ path: 'groupId', message: 'group: "groupId" must not be null or empty', reason: 'id_required' }],
    });
  });

  it('alias: needs userId and previousId, not anonymousId', () => {
    expect(validateEvent({ type: 'alias', anonymousId: 'a1' })).toEqual({
      valid: false,
      errors: [
        { path: 'userId', message: 'alias: "userId" is required', reason: 'id_required' },
        { path: 'previousId', message: 'alias: "previousId" is required', reason: 'id_required' },
      ],
    });
    expect(validateEvent({ type: 'alias', userId: 'u1', previousId: null })).toEqual({
      valid: false,
      errors: [{ path: 'previousId', message: 'alias: "previousId" must not be null or empty', reason: 'id_required' }],
    });
  });

  it('identify and group: traits must be an object', () => {
    for (const type of ['identify', 'group'] as const) {
      const input = { ...fixture(type), traits: 'vip' };
      expect(validateEvent(input)).toEqual({
        valid: false,
        errors: [{ path: 'traits', message: `${type}: "traits" must be an object`, reason: 'traits_not_object' }],
      });
    }
  });

  it.each(['track', 'page', 'screen'] as const)('%s: properties must be an object (arrays too)', (type) => {
    const input = { ...fixture(type), properties: [1, 2] };
    expect(validateEvent(input)).toEqual({
      valid: false,
      errors: [{ path: 'properties', message: `${type}: "properties" must be an object`, reason: 'properties_not_object' }],
    });
  });
});

describe('validateEvent: type resolution', () => {
  it('options.type supplies a missing type and returns a copy carrying it', () => {
    const input = { userId: 'u1', event: 'Signed Up' };
    const result = validateEvent(input, { type: 'track' });
    expect(result).toEqual({ valid: true, event: { type: 'track', userId: 'u1', event: 'Signed Up' } });
    expect(input).not.toHaveProperty('type');
  });

  it('options.type overrides the body type (endpoint wins)', () => {
    const result = validateEvent({ type: 'identify', userId: 'u1' }, { type: 'track' });
    expect(result).toEqual({
      valid: false,
      errors: [{ path: 'event', message: 'track: "event" is required', reason: 'event_not_defined' }],
    });
  });

  it('missing type without options.type → invalid_type', () => {
    expect(validateEvent({ userId: 'u1' })).toEqual({
      valid: false,
      errors: [{ path: 'type', message: 'event: "type" is required', reason: 'invalid_type' }],
    });
  });

  it('unknown or differently-cased type → invalid_type, common fields still checked', () => {
    for (const type of ['batch', 'Track']) {
      expect(validateEvent({ type, userId: true })).toEqual({
        valid: false,
        errors: [
          {
            path: 'type',
            message: 'event: "type" must be one of identify, track, page, screen, group, alias',
            reason: 'invalid_type',
          },
          { path: 'userId', message: 'event: "userId" must be a string or number', reason: 'id_not_string' },
        ],
      });
    }
  });

  it('throws a TypeError for an invalid options.type (a programming error)', () => {
    expect(() => validateEvent({}, { type: 'batch' as EventType })).toThrow(/options\.type must be one of/);
  });

  it.each([null, [], 'track', 42, undefined])('refuses a non-object body (%s) with bad_request at the root', (input) => {
    expect(validateEvent(input)).toEqual({
      valid: false,
      errors: [{ path: '', message: 'event: the event must be a JSON object', reason: 'bad_request' }],
    });
  });
});
