import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.ts';
import { TokenBucket } from './token-bucket.ts';

function setup(perSecond: number, burst?: number) {
  const clock = createFakeClock(1_000);
  const bucket = new TokenBucket({ perSecond, ...(burst === undefined ? {} : { burst }), ...clock });
  return { clock, bucket };
}

describe('TokenBucket', () => {
  it('gives a full burst, then says how long to wait, then refills at the rate', async () => {
    const { clock, bucket } = setup(10, 3);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0, 0]);
    expect(bucket.tryTake()).toBe(100);
    expect(bucket.tryTake(2)).toBe(200);
    await clock.advance(99);
    expect(bucket.tryTake()).toBeGreaterThan(0);
    await clock.advance(1);
    expect(bucket.tryTake()).toBe(0);
    await clock.advance(10_000);
    expect(bucket.tokens).toBe(3); // never more than the burst
  });

  it('defaults the burst to one second of tokens', () => {
    expect(new TokenBucket({ perSecond: 2.5 }).burst).toBe(3);
    expect(new TokenBucket({ perSecond: 0.2 }).burst).toBe(1);
  });

  it('serves acquire() callers first come, first served, at the rate', async () => {
    const { clock, bucket } = setup(10, 1);
    const done: Array<[string, number]> = [];
    const acquire = (name: string, n = 1) => bucket.acquire(n).then(() => done.push([name, clock.now()]));
    const all = Promise.all([acquire('a'), acquire('b'), acquire('c'), acquire('d')]);
    await clock.advance(0);
    expect(done).toEqual([['a', 1_000]]);
    expect(bucket.waiting).toBe(3);
    await clock.advance(300);
    await all;
    expect(done).toEqual([['a', 1_000], ['b', 1_100], ['c', 1_200], ['d', 1_300]]);
  });

  it('never admits more than burst + rate × time over a long run', async () => {
    const { clock, bucket } = setup(50, 5);
    let taken = 0;
    const waiters = Array.from({ length: 1_000 }, () => bucket.acquire().then(() => taken++));
    await clock.advance(10_000);
    expect(taken).toBe(5 + 50 * 10);
    await clock.advance(100_000);
    await Promise.all(waiters);
    expect(taken).toBe(1_000);
  });

  it('removes an aborted waiter and keeps serving the others', async () => {
    const { clock, bucket } = setup(1, 1);
    bucket.tryTake();
    const controller = new AbortController();
    const aborted = bucket.acquire(1, controller.signal);
    const next = bucket.acquire();
    controller.abort(new Error('shutting down'));
    await expect(aborted).rejects.toThrow('shutting down');
    expect(bucket.waiting).toBe(1);
    await clock.advance(1_000);
    await next;
    expect(bucket.waiting).toBe(0);
    await expect(bucket.acquire(1, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('pauseFor holds everyone until Retry-After has passed, then refills from empty', async () => {
    const { clock, bucket } = setup(10, 5);
    bucket.pauseFor(2_000);
    expect(bucket.tryTake()).toBe(2_100);
    let at = 0;
    const waiting = bucket.acquire().then(() => {
      at = clock.now();
    });
    bucket.pauseFor(500); // shorter: ignored
    await clock.advance(2_099);
    expect(at).toBe(0);
    await clock.advance(1);
    await waiting;
    expect(at).toBe(3_000 + 100);
    expect(bucket.tryTake()).toBe(100); // no burst right after a pause
  });

  it('rejects bad arguments with the name of what is wrong', () => {
    expect(() => new TokenBucket({ perSecond: 0 })).toThrow('perSecond must be a positive number, got 0');
    expect(() => new TokenBucket({ perSecond: 5, burst: 0.5 })).toThrow('burst must be a number ≥ 1, got 0.5');
    const bucket = new TokenBucket({ perSecond: 5, burst: 2 });
    expect(() => bucket.tryTake(3)).toThrow('n must be > 0 and ≤ burst (2), got 3');
    expect(() => bucket.pauseFor(-1)).toThrow('ms must be a number ≥ 0, got -1');
  });
});
