import { describe, expect, it } from 'vitest';
import { bucketStart, bucketTimes, readWindow } from './delivery-window.ts';

const now = Date.parse('2025-01-31T12:34:56.789Z');

describe('readWindow', () => {
  it('cuts named windows into whole buckets including the current one', () => {
    const hour = readWindow({ window: '1h' }, now);
    expect(hour).toEqual({ from: '2025-01-31T11:34:00.000Z', to: '2025-01-31T12:35:00.000Z', granularity: 'minute' });
    expect(bucketTimes(hour)).toHaveLength(61);
    expect(readWindow({ window: '7d' }, now)).toEqual({ from: '2025-01-24T12:00:00.000Z', to: '2025-01-31T13:00:00.000Z', granularity: 'hour' });
    expect(readWindow({}, now).granularity).toBe('hour');
  });

  it('reads startTime/endTime and a granularity, enforcing Segment range limits', () => {
    expect(readWindow({ startTime: '2025-01-01T00:00:00Z', endTime: '2025-01-03T00:00:00Z', granularity: 'DAY' }, now)).toEqual({ from: '2025-01-01T00:00:00.000Z', to: '2025-01-03T00:00:00.000Z', granularity: 'day' });
    expect(() => readWindow({ startTime: '2025-01-01T00:00:00Z', endTime: '2025-01-02T00:00:00Z', granularity: 'minute' }, now)).toThrow(/minute granularity allows at most 4 hours/);
    expect(() => readWindow({ startTime: 'yesterday', endTime: '2025-01-02T00:00:00Z' }, now)).toThrow('startTime must be an ISO-8601 timestamp, got "yesterday"');
    expect(() => readWindow({ startTime: '2025-01-02T00:00:00Z', endTime: '2025-01-01T00:00:00Z' }, now)).toThrow('endTime must be after startTime');
    expect(() => readWindow({ window: '2w' }, now)).toThrow(/window must be one of 10m, 1h, 24h, 7d, 14d, 30d/);
    expect(() => readWindow({ window: '1h', granularity: 'week' }, now)).toThrow(/granularity must be one of minute, hour, day/);
  });

  it('finds bucket starts', () => {
    expect(bucketStart(now, 'minute')).toBe('2025-01-31T12:34:00.000Z');
    expect(bucketStart(now, 'day')).toBe('2025-01-31T00:00:00.000Z');
  });
});
