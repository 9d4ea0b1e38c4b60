import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.ts';
import { createDestinationLimiter } from './rate-and-concurrency.ts';

describe('createDestinationLimiter', () => {
  it('keeps at most `concurrency` calls running', async () => {
    const limiter = createDestinationLimiter({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const work = () =>
      new Promise<void>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        gates.push(() => {
          running--;
          resolve();
        });
      });
    const runs = Array.from({ length: 5 }, () => limiter.run(work));
    for (let released = 0; released < 5; released++) {
      while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(limiter.semaphore!.active).toBe(Math.min(2, 5 - released));
      gates.shift()!();
    }
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(limiter.semaphore?.active).toBe(0);
  });

  it('starts calls at the rate limit and holds them during a pause', async () => {
    const clock = createFakeClock();
    const limiter = createDestinationLimiter({ rateLimit: { perSecond: 10, burst: 2 } }, clock);
    const started: number[] = [];
    const runs = Array.from({ length: 4 }, () => limiter.run(async () => started.push(clock.now())));
    await clock.advance(200);
    await Promise.all(runs);
    expect(started).toEqual([0, 0, 100, 200]);
    limiter.pauseFor(5_000);
    const late = limiter.run(async () => clock.now());
    await clock.advance(5_100);
    expect(await late).toBe(5_300);
  });

  it('honours a pause without a rate limit', async () => {
    const clock = createFakeClock();
    const limiter = createDestinationLimiter({}, clock);
    expect(limiter.bucket).toBeUndefined();
    expect(await limiter.run(async () => 'now')).toBe('now');
    limiter.pauseFor(1_000);
    let at = -1;
    const run = limiter.run(async () => {
      at = clock.now();
    });
    await clock.advance(999);
    expect(at).toBe(-1);
    await clock.advance(2);
    await run;
    expect(at).toBe(1_001);
  });

  it('releases the permit when the call fails, and validates limits', async () => {
    const limiter = createDestinationLimiter({ concurrency: 1 });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.semaphore?.active).toBe(0);
    expect(() => createDestinationLimiter({ concurrency: 0 })).toThrow('delivery.concurrency must be an integer ≥ 1, got 0');
    expect(() => createDestinationLimiter({ rateLimit: { perSecond: -1 } })).toThrow('delivery.rateLimit.perSecond must be a positive number, got -1');
  });
});
