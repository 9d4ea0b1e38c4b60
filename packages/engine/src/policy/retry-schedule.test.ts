import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextRetryAt, type RetryPolicy, resolveRetryPolicy, retryDelay } from './retry-schedule.ts';

const HOUR = 3_600_000;

/** A seeded PRNG (mulberry32) so the loops below are reproducible. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('retryDelay', () => {
  it('stays within [ceiling/2, ceiling] with ceiling = min(max, initial × 2^(attempt−1))', () => {
    const policies: RetryPolicy[] = [DEFAULT_RETRY_POLICY, { maxAgeMs: HOUR, initialDelayMs: 250, maxDelayMs: 7_777 }, { maxAgeMs: HOUR, initialDelayMs: 3, maxDelayMs: 3 }];
    const random = seeded(42);
    for (const policy of policies) {
      for (let attempt = 1; attempt <= 200; attempt++) {
        const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
        for (const r of [() => 0, () => 0.999_999, random]) {
          const delay = retryDelay(attempt, policy, r);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
        }
      }
    }
  });

  it('doubles, then caps at maxDelayMs', () => {
    const top = (attempt: number) => retryDelay(attempt, DEFAULT_RETRY_POLICY, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(top(10)).toBe(512_000);
    expect(top(11)).toBe(600_000);
    expect(top(1e6)).toBe(600_000);
    expect(retryDelay(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(500);
  });

  it('rejects a bad attempt number', () => {
    expect(() => retryDelay(0, DEFAULT_RETRY_POLICY)).toThrow('attempt must be an integer ≥ 1, got 0');
  });
});

describe('nextRetryAt', () => {
  it('schedules now + delay, never earlier than Retry-After', () => {
    const base = { attempt: 1, firstAttemptAt: 0, now: 10_000, policy: DEFAULT_RETRY_POLICY, random: () => 0.5 };
    expect(nextRetryAt(base)).toBe(10_750);
    expect(nextRetryAt({ ...base, retryAfterMs: 60_000.2 })).toBe(70_001);
    expect(nextRetryAt({ ...base, retryAfterMs: 10 })).toBe(10_750);
  });

  it('gives up when the next attempt would fall past firstAttemptAt + maxAgeMs', () => {
    const policy = { maxAgeMs: 10_000, initialDelayMs: 1_000, maxDelayMs: 1_000 };
    expect(nextRetryAt({ attempt: 3, firstAttemptAt: 0, now: 9_000, policy, random: () => 1 })).toBe(10_000);
    expect(nextRetryAt({ attempt: 3, firstAttemptAt: 0, now: 9_001, policy, random: () => 1 })).toBeUndefined();
    expect(nextRetryAt({ attempt: 1, firstAttemptAt: 0, now: 0, policy, retryAfterMs: 10_001 })).toBeUndefined();
  });

  it('retries for about maxAgeMs in all, every attempt inside the window', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seeded(seed);
      const first = 1_700_000_000_000;
      let now = first;
      let attempt = 1;
      for (;;) {
        const at = nextRetryAt({ attempt, firstAttemptAt: first, now, policy: DEFAULT_RETRY_POLICY, random });
        if (at === undefined) break;
        expect(at).toBeGreaterThan(now);
        expect(at).toBeLessThanOrEqual(first + 4 * HOUR);
        now = at;
        attempt++;
      }
      // It gives up only when less than one maximal delay is left.
      expect(now).toBeGreaterThan(first + 4 * HOUR - DEFAULT_RETRY_POLICY.maxDelayMs);
      expect(attempt).toBeGreaterThan(24);
      expect(attempt).toBeLessThan(60);
    }
  });
});

describe('resolveRetryPolicy', () => {
  it('layers the destination override over the plugin policy over the default', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    const plugin = { maxAgeMs: HOUR, initialDelayMs: 500, maxDelayMs: 60_000 };
    expect(resolveRetryPolicy(plugin)).toEqual(plugin);
    expect(resolveRetryPolicy(plugin, { maxAgeMs: 600_000 })).toEqual({ ...plugin, maxAgeMs: 600_000 });
    expect(resolveRetryPolicy(undefined, { maxDelayMs: 5_000, initialDelayMs: undefined })).toEqual({ ...DEFAULT_RETRY_POLICY, maxDelayMs: 5_000 });
  });

  it('names the bad field and where it came from', () => {
    expect(() => resolveRetryPolicy({ maxAgeMs: -1 })).toThrow('delivery.retry.maxAgeMs must be a number ≥ 0, got -1');
    expect(() => resolveRetryPolicy(undefined, { maxDelayMs: Number.NaN })).toThrow('destination retry override.maxDelayMs must be a number ≥ 0, got NaN');
    expect(() => resolveRetryPolicy({ initialDelayMs: 5_000 }, { maxDelayMs: 1_000 })).toThrow('initialDelayMs (5000) must not exceed maxDelayMs (1000)');
  });
});
