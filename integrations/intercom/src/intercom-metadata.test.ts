import { describe, expect, it } from 'vitest';
import { MAX_METADATA_KEYS, toEventMetadata } from './intercom-metadata.ts';

describe('toEventMetadata', () => {
  it('puts price first and reports what it leaves out, in order', () => {
    const values: Record<string, unknown> = { tags: ['a'], address: { city: 'London' } };
    for (let i = 1; i <= 11; i++) values[`k${i}`] = `v${i}`;
    const { metadata, dropped } = toEventMetadata(values, { revenue: 0.1 });
    expect(Object.keys(metadata)).toEqual(['price', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    expect(Object.keys(metadata)).toHaveLength(MAX_METADATA_KEYS);
    expect(metadata.price).toEqual({ amount: 10, currency: 'USD' });
    expect(dropped).toEqual([
      { key: 'tags', reason: 'nested' },
      { key: 'address', reason: 'nested' },
      { key: 'k10', reason: 'limit' },
      { key: 'k11', reason: 'limit' },
    ]);
  });

  it('keeps rich links and monetary amounts, booleans and numbers; skips null; converts _date strings', () => {
    const { metadata, dropped } = toEventMetadata({
      article: { url: 'https://example.org/ab1de.html', value: 'Why pay?' },
      refund: { amount: 500, currency: 'EUR' },
      trial: false,
      load: 3.67,
      contact_date: '2014-02-10T12:44:32Z',
      raw_date: 1392036272,
      bad_date: 'not a date',
      none: null,
    });
    expect(metadata).toEqual({
      article: { url: 'https://example.org/ab1de.html', value: 'Why pay?' },
      refund: { amount: 500, currency: 'EUR' },
      trial: false,
      load: 3.67,
      contact_date: 1392036272,
      raw_date: 1392036272,
      bad_date: 'not a date',
    });
    expect(dropped).toEqual([]);
  });

  it('does not let a mapped price key replace the revenue price', () => {
    expect(toEventMetadata({ price: 3 }, { revenue: 2, currency: 'GBP' }).metadata).toEqual({ price: { amount: 200, currency: 'GBP' } });
  });
});
