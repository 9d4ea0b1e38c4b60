import { type RawEvent, normalizeEvent } from '@junction/core';
import { describe, expect, it } from 'vitest';
import { planIngest } from './ingest-plan.ts';

const receivedAt = new Date('2024-05-01T12:00:00.000Z');

describe('planIngest: batches', () => {
  const batch = {
    writeKey: 'wk_secret',
    sentAt: '2024-05-01T11:59:59.000Z',
    context: { library: { name: 'batch-lib' }, ip: '1.2.3.4' },
    integrations: { All: false },
    batch: [
      { type: 'track', messageId: 'm-1', userId: 42, event: 'Played', properties: { n: 'é"\\\n😀' }, timestamp: '2024-05-01T11:59:58.000Z' },
      { type: 'track', messageId: 'm-2' }, // no event name, no id: refused
      { type: 'page', messageId: 'm-3', anonymousId: 'a-1', name: 'Home', context: { ip: '5.6.7.8' } },
      { type: 'identify', messageId: 'm-4', userId: 'u-2', anonymousId: 'a-1', traits: { plan: 'pro' } },
    ],
  };

  it('returns the valid items as store events whose payload is the normalised event as JSON text', () => {
    const plan = planIngest(structuredClone(batch), undefined, 1000, receivedAt);
    if (!plan.ok) throw new Error('expected an accepted batch');
    expect(plan.events.map((e) => [e.messageId, e.type, e.partitionKey, e.receivedAt])).toEqual([
      ['m-1', 'track', '42', '2024-05-01T12:00:00.000Z'],
      ['m-3', 'page', 'a-1', '2024-05-01T12:00:00.000Z'],
      ['m-4', 'identify', 'u-2', '2024-05-01T12:00:00.000Z'],
    ]);
    const options = { receivedAt, sentAt: batch.sentAt, context: batch.context, integrations: batch.integrations };
    const expected = [0, 2, 3].map((i) => JSON.stringify(normalizeEvent(batch.batch[i] as RawEvent, options)));
    expect(plan.events.map((e) => e.payload)).toEqual(expected);
    const page = JSON.parse(plan.events[1]!.payload as string);
    expect(page.context).toEqual({ library: { name: 'batch-lib' }, ip: '5.6.7.8' });
    expect(JSON.parse(plan.events[0]!.payload as string)).toMatchObject({ userId: '42', properties: { n: 'é"\\\n😀' }, timestamp: '2024-05-01T11:59:59.000Z' });
    expect(plan.events.some((e) => (e.payload as string).includes('wk_secret'))).toBe(false);
  });

  it('reports the refused items with their index and tallies only the accepted ones', () => {
    const plan = planIngest(structuredClone(batch), undefined, 1000, receivedAt);
    if (!plan.ok) throw new Error('expected an accepted batch');
    expect(plan.rejected.length).toBeGreaterThan(0);
    expect(new Set(plan.rejected.map((issue) => issue.index))).toEqual(new Set([1]));
    expect(plan.tally.count).toBe(3);
    expect([...plan.tally.byType].map(([type, names]) => [type, [...names]])).toEqual([
      ['track', [['Played', 1]]],
      ['page', [['Home', 1]]],
      ['identify', [['', 1]]],
    ]);
    expect([...plan.tally.users]).toEqual(['42', 'u-2']);
    expect([...plan.tally.anonymous]).toEqual([['a-1', true]]);
  });

  it('accepts nothing when every item or the envelope is invalid', () => {
    const allBad = planIngest({ batch: [{ type: 'track' }, { type: 'nope' }] }, undefined, 100, receivedAt);
    expect(allBad.ok).toBe(false);
    if (!allBad.ok) expect(new Set(allBad.errors.map((e) => e.index))).toEqual(new Set([0, 1]));
    const envelope = planIngest({ batch: 'x' }, undefined, 100, receivedAt);
    expect(envelope).toEqual({ ok: false, errors: [{ path: 'batch', message: 'batch: "batch" must be an array', reason: 'bad_request' }] });
  });
});

describe('planIngest: single calls', () => {
  it('takes the type from the endpoint', () => {
    const plan = planIngest({ userId: 'u-1', event: 'Clicked', messageId: 'm-9' }, 'track', 60, receivedAt);
    if (!plan.ok) throw new Error('expected an accepted call');
    expect(plan.events).toHaveLength(1);
    expect(JSON.parse(plan.events[0]!.payload as string)).toMatchObject({ type: 'track', event: 'Clicked', messageId: 'm-9', userId: 'u-1' });
    expect(plan.tally.count).toBe(1);
    expect(plan.rejected).toEqual([]);
  });

  it('refuses an invalid call with its issues', () => {
    const plan = planIngest({ event: 'Clicked' }, 'track', 20, receivedAt);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.errors[0]?.message).toMatch(/userId|anonymousId/);
  });
});

describe('planIngest: generated messageIds', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('gives each event sent without one a distinct version-4 UUID, in the store event and its payload', () => {
    const batch = planIngest({ batch: [{ type: 'track', userId: 'u', event: 'A' }, { type: 'track', userId: 'u', event: 'B' }] }, undefined, 100, receivedAt);
    const single = planIngest({ userId: 'u', event: 'C' }, 'track', 40, receivedAt);
    if (!batch.ok || !single.ok) throw new Error('expected accepted events');
    const events = [...batch.events, ...single.events];
    for (const e of events) {
      expect(e.messageId).toMatch(V4);
      expect(JSON.parse(e.payload as string).messageId).toBe(e.messageId);
    }
    expect(new Set(events.map((e) => e.messageId)).size).toBe(3);
  });
});
