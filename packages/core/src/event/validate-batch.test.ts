import { describe, expect, it } from 'vitest';
import { MAX_BATCH_EVENTS } from './limits.ts';
import { validateBatch } from './validate-batch.ts';

describe('validateBatch', () => {
  it('validates each item with its own type, keeping item-relative paths and the index', () => {
    const result = validateBatch({
      batch: [
        { type: 'identify', userId: 'u1', traits: { plan: 'pro' } },
        { type: 'track', userId: 'u1' },
        { userId: 'u1' },
      ],
      context: { ip: '1.2.3.4' },
      writeKey: 'wk',
    });
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.items).toEqual([
      { valid: true, event: { type: 'identify', userId: 'u1', traits: { plan: 'pro' } }, index: 0 },
      {
        valid: false,
        errors: [{ path: 'event', message: 'track: "event" is required', reason: 'event_not_defined' }],
        index: 1,
      },
      { valid: false, errors: [{ path: 'type', message: 'event: "type" is required', reason: 'invalid_type' }], index: 2 },
    ]);
  });

  it('empty batch → empty_batch', () => {
    expect(validateBatch({ batch: [] })).toEqual({
      valid: false,
      errors: [{ path: 'batch', message: 'batch: "batch" is empty', reason: 'empty_batch' }],
    });
  });

  it('more than 2,500 events → too_many_events', () => {
    const batch = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({ type: 'page', anonymousId: 'a' }));
    expect(validateBatch({ batch })).toEqual({
      valid: false,
      errors: [{ path: 'batch', message: 'batch: "batch" has 2501 events, over the limit of 2500', reason: 'too_many_events' }],
    });
    const ok = validateBatch({ batch: batch.slice(1) });
    expect(ok.valid && ok.items.every((item) => item.valid)).toBe(true);
  });

  it('reports every envelope problem', () => {
    expect(validateBatch({ context: 'x', integrations: 3 })).toEqual({
      valid: false,
      errors: [
        { path: 'context', message: 'batch: "context" must be an object', reason: 'context_not_object' },
        { path: 'integrations', message: 'batch: "integrations" must be an object', reason: 'integrations_not_object' },
        { path: 'batch', message: 'batch: "batch" is required', reason: 'bad_request' },
      ],
    });
    expect(validateBatch({ batch: { type: 'track' } })).toEqual({
      valid: false,
      errors: [{ path: 'batch', message: 'batch: "batch" must be an array', reason: 'bad_request' }],
    });
    expect(validateBatch([])).toEqual({
      valid: false,
      errors: [{ path: '', message: 'batch: the body must be a JSON object', reason: 'bad_request' }],
    });
  });
});
