import { afterEach, describe, expect, it } from 'vitest';
import { mergeObjects } from './merge-objects.ts';
import { normalizeEvent } from './normalize-event.ts';
import { validateBatch } from './validate-batch.ts';
import { validateEvent } from './validate-event.ts';

const clean = () => {
  for (const proto of [Object.prototype, Array.prototype]) delete (proto as Record<string, unknown>).polluted;
};
const isPolluted = () => ({}) as Record<string, unknown>;

describe('prototype pollution', () => {
  afterEach(clean);

  it('refuses __proto__ keys anywhere, naming each path', () => {
    const input = JSON.parse(
      '{"type":"track","userId":"u","event":"E","__proto__":{"polluted":1},"properties":{"a":[{"__proto__":{"polluted":1}}]},"context":{"traits":{"__proto__":{}}}}',
    );
    expect(validateEvent(input)).toEqual({
      valid: false,
      errors: [
        { path: '__proto__', message: 'track: "__proto__" is a forbidden key', reason: 'forbidden_key' },
        { path: 'context.traits.__proto__', message: 'track: "context.traits.__proto__" is a forbidden key', reason: 'forbidden_key' },
        { path: 'properties.a.0.__proto__', message: 'track: "properties.a.0.__proto__" is a forbidden key', reason: 'forbidden_key' },
      ],
    });
    expect(isPolluted().polluted).toBeUndefined();
  });

  it('accepts constructor / prototype as plain data and pollutes nothing when validating and normalising', () => {
    const input = JSON.parse(
      '{"type":"identify","userId":"u","traits":{"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}},"constructor":{"prototype":{"polluted":1}}}',
    );
    const result = validateEvent(input, { type: 'identify' });
    expect(result.valid).toBe(true);
    const batchContext = JSON.parse('{"constructor":{"prototype":{"polluted":1}}}');
    const event = normalizeEvent(input, { receivedAt: new Date(0), context: batchContext, integrations: batchContext });
    expect(event.traits).toEqual({ constructor: { prototype: { polluted: 1 } }, prototype: { polluted: 1 } });
    expect(isPolluted().polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('mergeObjects drops __proto__ from unvalidated input and keeps plain objects plain', () => {
    const evil = JSON.parse('{"__proto__":{"polluted":1},"device":{"__proto__":{"polluted":1}}}');
    const merged = mergeObjects(evil, JSON.parse('{"device":{"__proto__":{"polluted":2}},"constructor":{"x":1}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.device)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['device', 'constructor']);
    expect(merged.constructor).toEqual({ x: 1 });
    expect(isPolluted().polluted).toBeUndefined();
  });

  it('normalizeEvent on an unvalidated __proto__ payload does not change prototypes', () => {
    const raw = JSON.parse('{"type":"page","anonymousId":"a","__proto__":{"polluted":1},"context":{"__proto__":{"polluted":1}}}');
    const event = normalizeEvent(raw, { receivedAt: new Date(0) });
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.hasOwn(event, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(event.context)).toBe(Object.prototype);
    expect(isPolluted().polluted).toBeUndefined();
  });

  it('a batch with __proto__ in an item reports it on that item', () => {
    const result = validateBatch(JSON.parse('{"batch":[{"type":"page","anonymousId":"a","__proto__":{"polluted":1}}]}'));
    expect(result.valid).toBe(true);
    if (result.valid) expect(result.items[0]).toMatchObject({ valid: false, index: 0 });
    expect(isPolluted().polluted).toBeUndefined();
  });

  it('hostile nesting is refused without overflowing the stack (the root is level 1)', () => {
    const deep = JSON.parse(`{"type":"track","userId":"u","event":"E","properties":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(validateEvent(deep)).toEqual({
      valid: false,
      errors: [
        {
          path: `properties${'.0'.repeat(63)}`,
          message: `track: "properties${'.0'.repeat(63)}" is nested deeper than 64 levels`,
          reason: 'too_deeply_nested',
        },
      ],
    });
  });

  it('a cyclic object is refused as too deeply nested instead of looping', () => {
    const cyclic: Record<string, unknown> = { type: 'track', userId: 'u', event: 'E' };
    cyclic.properties = cyclic;
    const result = validateEvent(cyclic);
    expect(result.valid ? [] : result.errors.map((e) => e.reason)).toEqual(['too_deeply_nested']);
  });
});
