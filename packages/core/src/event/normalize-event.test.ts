import { describe, expect, it } from 'vitest';
import type { RawEvent } from './event-types.ts';
import { normalizeEvent } from './normalize-event.ts';

const receivedAt = new Date('2024-01-01T12:00:07.500Z');
const fixedId = () => 'generated-1';

describe('normalizeEvent: clock skew', () => {
  it('timestamp = receivedAt − (sentAt − originalTimestamp)', () => {
    // Client clock is 2 h slow: the event happened 5 s before the client sent it.
    const event = normalizeEvent(
      { type: 'track', userId: 'u1', event: 'Played', timestamp: '2024-01-01T10:00:00.000Z', sentAt: '2024-01-01T10:00:05.000Z' },
      { receivedAt, generateId: fixedId },
    );
    expect(event.originalTimestamp).toBe('2024-01-01T10:00:00.000Z');
    expect(event.sentAt).toBe('2024-01-01T10:00:05.000Z');
    expect(event.receivedAt).toBe('2024-01-01T12:00:07.500Z');
    expect(event.timestamp).toBe('2024-01-01T12:00:02.500Z');
  });

  it('a client clock running fast is corrected backwards, offsets converted to UTC', () => {
    const event = normalizeEvent(
      { type: 'page', anonymousId: 'a1', timestamp: '2024-01-01T15:00:00+02:00', sentAt: '2024-01-01T15:00:30+02:00' },
      { receivedAt: new Date('2024-01-01T12:59:00.000Z'), generateId: fixedId },
    );
    expect(event.originalTimestamp).toBe('2024-01-01T13:00:00.000Z');
    expect(event.sentAt).toBe('2024-01-01T13:00:30.000Z');
    expect(event.timestamp).toBe('2024-01-01T12:58:30.000Z');
  });

  it('timestamp without sentAt is kept as sent (historical import)', () => {
    const event = normalizeEvent(
      { type: 'identify', userId: 'u1', timestamp: '2012-12-02T00:30:08.276Z' },
      { receivedAt, generateId: fixedId },
    );
    expect(event.timestamp).toBe('2012-12-02T00:30:08.276Z');
    expect(event.originalTimestamp).toBe('2012-12-02T00:30:08.276Z');
    expect(event).not.toHaveProperty('sentAt');
  });

  it('no timestamp → receivedAt; no originalTimestamp; client receivedAt overwritten', () => {
    const event = normalizeEvent(
      { type: 'identify', userId: 'u1', sentAt: '2024-01-01T10:00:05Z', receivedAt: '1999-01-01T00:00:00Z', originalTimestamp: 'x' },
      { receivedAt, generateId: fixedId },
    );
    expect(event.timestamp).toBe('2024-01-01T12:00:07.500Z');
    expect(event.receivedAt).toBe('2024-01-01T12:00:07.500Z');
    expect(event.sentAt).toBe('2024-01-01T10:00:05.000Z');
    expect(event).not.toHaveProperty('originalTimestamp');
  });
});

describe('normalizeEvent: fields', () => {
  it('normalises a full track call', () => {
    const raw: RawEvent = {
      type: 'track',
      userId: 42,
      anonymousId: null,
      event: 'Item Purchased',
      writeKey: 'wk_secret',
      email: 'test@example.org',
      timestamp: '2024-01-01T10:00:00Z',
    };
    expect(normalizeEvent(raw, { receivedAt, generateId: fixedId })).toEqual({
      type: 'track',
      messageId: 'generated-1',
      userId: '42',
      event: 'Item Purchased',
      email: 'test@example.org',
      properties: {},
      context: {},
      integrations: {},
      originalTimestamp: '2024-01-01T10:00:00.000Z',
      timestamp: '2024-01-01T10:00:00.000Z',
      receivedAt: '2024-01-01T12:00:07.500Z',
    });
    expect(raw.userId).toBe(42);
  });

  it('never keeps writeKey', () => {
    const event = normalizeEvent({ type: 'page', anonymousId: 'a', writeKey: 'wk_secret' }, { receivedAt });
    expect(JSON.stringify(event)).not.toContain('wk_secret');
  });

  it('keeps a sent messageId; generates one otherwise (default: a random UUID)', () => {
    expect(normalizeEvent({ type: 'page', anonymousId: 'a', messageId: 'm-9' }, { receivedAt }).messageId).toBe('m-9');
    expect(normalizeEvent({ type: 'page', anonymousId: 'a', messageId: '' }, { receivedAt, generateId: fixedId }).messageId).toBe(
      'generated-1',
    );
    const a = normalizeEvent({ type: 'page', anonymousId: 'a' }, { receivedAt }).messageId;
    const b = normalizeEvent({ type: 'page', anonymousId: 'a' }, { receivedAt }).messageId;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it('options.type overrides raw.type; an unknown type throws', () => {
    expect(normalizeEvent({ type: 'identify', anonymousId: 'a' }, { receivedAt, type: 'page' }).type).toBe('page');
    expect(() => normalizeEvent({ anonymousId: 'a' }, { receivedAt })).toThrow(/no valid "type"/);
  });

  it('an invalid receivedAt throws', () => {
    expect(() => normalizeEvent({ type: 'page', anonymousId: 'a' }, { receivedAt: new Date('nope') })).toThrow(
      /receivedAt must be a valid Date/,
    );
  });

  it('group and alias ids become strings; traits default to {} on identify/group only', () => {
    const group = normalizeEvent({ type: 'group', userId: 1, groupId: 77, traits: null }, { receivedAt, generateId: fixedId });
    expect(group).toMatchObject({ userId: '1', groupId: '77', traits: {} });
    const alias = normalizeEvent({ type: 'alias', userId: 'u', previousId: 5 }, { receivedAt, generateId: fixedId });
    expect(alias).toMatchObject({ userId: 'u', previousId: '5' });
    expect(alias).not.toHaveProperty('traits');
    expect(alias).not.toHaveProperty('properties');
  });

  it('drops null name/category and keeps strings', () => {
    const event = normalizeEvent({ type: 'screen', anonymousId: 'a', name: null, category: 'Account' }, { receivedAt });
    expect(event).not.toHaveProperty('name');
    expect(event).toMatchObject({ category: 'Account', properties: {} });
  });
});

describe('normalizeEvent: batch context and integrations', () => {
  it('deep-merges the batch context under the item context (item wins)', () => {
    const event = normalizeEvent(
      {
        type: 'track',
        userId: 'u',
        event: 'E',
        context: { device: { name: 'iPhone' }, locale: 'fr-FR' },
        integrations: { Mixpanel: false },
      },
      {
        receivedAt,
        context: { device: { type: 'phone', name: 'Generic' }, locale: 'en-US', ip: '1.2.3.4' },
        integrations: { All: true, Mixpanel: true, Amplitude: { session_id: 9 } },
      },
    );
    expect(event.context).toEqual({ device: { type: 'phone', name: 'iPhone' }, locale: 'fr-FR', ip: '1.2.3.4' });
    expect(event.integrations).toEqual({ All: true, Mixpanel: false, Amplitude: { session_id: 9 } });
  });

  it('does not modify the raw item or the batch objects', () => {
    const batchContext = { device: { type: 'phone' } };
    const raw: RawEvent = { type: 'track', userId: 'u', event: 'E', context: { device: { name: 'x' } } };
    const before = structuredClone({ batchContext, raw });
    normalizeEvent(raw, { receivedAt, context: batchContext });
    expect({ batchContext, raw }).toEqual(before);
  });
});
