import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DestinationFilter } from './destination-filter.ts';
import { compileFilters } from './filter-compile.ts';
import { previewFilter } from './filter-preview.ts';

const tsub = createRequire(import.meta.url)('@segment/tsub') as { transform: (p: unknown, t: unknown[]) => unknown };

const track = () => ({
  type: 'track',
  event: 'Order Completed',
  userId: 'u-1',
  context: { ip: '10.0.0.1', traits: { email: 'a@b.c' } },
  properties: { total: 120, email: 'a@b.c', items: [{ sku: 'A', price: 1, name: 'x' }, { sku: 'B', price: 2 }] },
});
const filter = (over: Partial<DestinationFilter>): DestinationFilter => ({ title: 'f', if: 'all', actions: [{ type: 'DROP' }], enabled: true, ...over });

describe('compileFilters', () => {
  it('passes events through untouched when nothing matches, without copying', () => {
    const e = track();
    const out = compileFilters([filter({ id: 'a', if: 'type = "identify"' })])(e);
    expect(out).toEqual({ event: e });
    expect(out.event).toBe(e);
  });

  it('drops matching events and names the filter (id, else title)', () => {
    const apply = compileFilters([filter({ id: 'drop-orders', if: 'event = "Order Completed"' })]);
    expect(apply(track())).toEqual({ event: null, droppedBy: 'drop-orders' });
    expect(compileFilters([filter({ title: 'Only identify', if: '!(type = "identify")' })])(track())).toEqual({ event: null, droppedBy: 'Only identify' });
  });

  it('ignores disabled filters, even invalid ones', () => {
    expect(compileFilters([filter({ if: 'all', enabled: false }), filter({ if: 'type = ', enabled: false })])(track()).event).not.toBeNull();
  });

  it('fails closed on an invalid enabled filter or more than 10 filters', () => {
    expect(compileFilters([filter({ id: 'bad', if: 'type = ' })])(track())).toEqual({ event: null, droppedBy: 'bad' });
    expect(compileFilters([filter({ id: 'bad-pct', actions: [{ type: 'SAMPLE', percent: 50 }] })])(track()).droppedBy).toBe('bad-pct');
    const eleven = Array.from({ length: 11 }, (_, i) => filter({ id: `f${i}`, if: 'type = "nope"' }));
    expect(compileFilters(eleven)(track())).toEqual({ event: null, droppedBy: 'more than 10 filters (11)' });
    expect(compileFilters(eleven.slice(0, 10))(track()).event).not.toBeNull();
  });

  it('drops and allows properties on a copy, never mutating the input', () => {
    const e = track();
    const out = compileFilters([
      filter({ if: 'all', actions: [{ type: 'DROP_PROPERTIES', fields: { properties: ['email'], context: ['ip'], 'context.traits': ['email'] } }] }),
      filter({ if: 'type = "track"', actions: [{ type: 'ALLOW_PROPERTIES', fields: { 'properties.items': ['sku'] } }] }),
    ])(e);
    expect(out.event).toEqual({
      type: 'track',
      event: 'Order Completed',
      userId: 'u-1',
      context: { traits: {} },
      properties: { total: 120, items: [{ sku: 'A' }, { sku: 'B' }] },
    });
    expect(e).toEqual(track());
  });

  it('applies sample → drop → drop properties → allow properties, whatever the filter order', () => {
    const allow = filter({ id: 'allow', actions: [{ type: 'ALLOW_PROPERTIES', fields: { properties: ['email', 'total'] } }] });
    const dropEmail = filter({ id: 'drop-email', actions: [{ type: 'DROP_PROPERTIES', fields: { properties: ['email'] } }] });
    const drop = filter({ id: 'drop', if: 'properties.total > 100' });
    const sampleNone = filter({ id: 'sample', actions: [{ type: 'SAMPLE', percent: 0, path: 'userId' }] });
    expect(compileFilters([allow, dropEmail, drop, sampleNone])(track()).droppedBy).toBe('sample');
    expect(compileFilters([allow, dropEmail, drop])(track()).droppedBy).toBe('drop');
    expect(compileFilters([allow, dropEmail])(track()).event).toMatchObject({ properties: { total: 120 } });
    expect((compileFilters([allow, dropEmail])(track()).event as { properties: object }).properties).toEqual({ total: 120 });
  });

  it('evaluates every if on the event as received', () => {
    const out = compileFilters([
      filter({ id: 'strip', actions: [{ type: 'DROP_PROPERTIES', fields: { properties: ['email'] } }] }),
      filter({ id: 'keep-only-total', if: 'properties.email != null', actions: [{ type: 'ALLOW_PROPERTIES', fields: { properties: ['total'] } }] }),
    ])(track());
    expect((out.event as { properties: object }).properties).toEqual({ total: 120 });
  });

  it('samples deterministically by path', () => {
    const apply = compileFilters([filter({ id: 's', actions: [{ type: 'SAMPLE', percent: 0.5, path: 'userId' }] })]);
    const users = Array.from({ length: 400 }, (_, i) => `user-${i}`);
    const first = users.map((userId) => apply({ userId }).event !== null);
    expect(users.map((userId) => apply({ userId, other: 1 }).event !== null)).toEqual(first);
    const kept = first.filter(Boolean).length;
    expect(kept).toBeGreaterThan(140);
    expect(kept).toBeLessThan(260);
  });

  it('edits properties like Segment’s tsub transformers', () => {
    const keys = fc.constantFrom('a', 'b', 'c', 'email');
    const obj = fc.dictionary(keys, fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.dictionary(keys, fc.integer(), { maxKeys: 3 })), { maxKeys: 4 });
    const payload = fc.record({ type: fc.constant('track'), properties: fc.oneof(obj, fc.array(obj, { maxLength: 2 }), fc.constant(null)), context: obj }, { requiredKeys: ['type'] });
    const fields = fc.dictionary(fc.constantFrom('', 'properties', 'context', 'properties.a', 'context.b'), fc.array(keys, { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 3 });
    fc.assert(
      fc.property(payload, fields, fc.boolean(), (p, f, isDrop) => {
        const ours = compileFilters([filter({ actions: [{ type: isDrop ? 'DROP_PROPERTIES' : 'ALLOW_PROPERTIES', fields: f }] })])(p).event;
        const theirs = tsub.transform(structuredClone(p), [isDrop ? { type: 'drop_properties', config: { drop: f } } : { type: 'allow_properties', config: { allow: f } }]);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 800, seed: 5 },
    );
  });
});

describe('previewFilter', () => {
  it('returns the input and the result, treating the filter as enabled', () => {
    const payload = { type: 'identify', traits: { email: 'a@b.c', plan: 'pro' } };
    const f = filter({ enabled: false, if: 'type = "identify"', actions: [{ type: 'DROP_PROPERTIES', fields: { traits: ['email'] } }] });
    expect(previewFilter(f, payload)).toEqual({ inputPayload: payload, result: { type: 'identify', traits: { plan: 'pro' } } });
    expect(payload.traits.email).toBe('a@b.c');
    expect(previewFilter(filter({ if: 'type = "identify"' }), payload).result).toBeNull();
    expect(previewFilter(filter({ if: 'type = "track"' }), payload).result).toEqual(payload);
    expect(previewFilter(filter({ if: 'type = ' }), payload).result).toBeNull();
  });
});
