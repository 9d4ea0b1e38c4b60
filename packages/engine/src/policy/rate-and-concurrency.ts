import type { DeliveryPolicy } from '@junction/core';
import { Semaphore } from './semaphore.ts';
import type { Timers } from './timers.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * The limits of one destination instance (a plugin's `DeliveryPolicy` fits as is).
 *
 * @example
 * const limits: DestinationLimits = { rateLimit: { perSecond: 50, burst: 10 }, concurrency: 4 };
 */
export type DestinationLimits = Pick<DeliveryPolicy, 'rateLimit' | 'concurrency'>;

/**
 * Runs work under a destination's concurrency and rate limits.
 *
 * @example
 * const limiter: DestinationLimiter = createDestinationLimiter({ concurrency: 2 });
 */
export interface DestinationLimiter {
  /** Waits for a concurrency permit, then a rate token, then runs `fn`; the permit is held until `fn` settles. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** After a 429 with Retry-After: no request starts for `ms` (running ones finish). */
  pauseFor(ms: number): void;
  /** The rate limit's bucket, when a rate limit is set. */
  readonly bucket: TokenBucket | undefined;
  /** Present when a concurrency limit is set. */
  readonly semaphore: Semaphore | undefined;
}

/**
 * Combines a {@link Semaphore} (`concurrency`) and a {@link TokenBucket} (`rateLimit`), each only
 * when set. A permit is taken before the token so that tokens go to work that can start at once.
 * Without a rate limit, `pauseFor` still holds back new work by way of a bucket created on demand.
 *
 * @example
 * const limiter = createDestinationLimiter(definition.delivery ?? {});
 * const res = await limiter.run(() => transport(url, request));
 * if (res.status === 429) limiter.pauseFor(parseRetryAfter(res.headers['retry-after']) ?? 1000);
 */
export function createDestinationLimiter(limits: DestinationLimits, clock: Timers & { now?: () => number } = {}): DestinationLimiter {
  const { rateLimit, concurrency } = limits;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new RangeError(`delivery.concurrency must be an integer ≥ 1, got ${concurrency}`);
  }
  if (rateLimit !== undefined && (!Number.isFinite(rateLimit.perSecond) || rateLimit.perSecond <= 0)) {
    throw new RangeError(`delivery.rateLimit.perSecond must be a positive number, got ${rateLimit.perSecond}`);
  }
  const semaphore = concurrency === undefined ? undefined : new Semaphore(concurrency);
  const newBucket = (perSecond: number, burst?: number) => new TokenBucket({ perSecond, ...(burst === undefined ? {} : { burst }), ...clock });
  const bucket = rateLimit === undefined ? undefined : newBucket(rateLimit.perSecond, rateLimit.burst);
  // Without a rate limit, a pause is served by an effectively unlimited bucket made on demand.
  let pauseBucket: TokenBucket | undefined;

  return {
    async run(fn, signal) {
      const release = semaphore ? await semaphore.acquire(signal) : undefined;
      try {
        await (bucket ?? pauseBucket)?.acquire(1, signal);
        return await fn();
      } finally {
        release?.();
      }
    },
    pauseFor(ms) {
      if (!bucket) {
        pauseBucket ??= newBucket(1_000_000, 1_000_000);
        pauseBucket.pauseFor(ms);
        return;
      }
      bucket.pauseFor(ms);
    },
    get bucket() {
      return bucket;
    },
    get semaphore() {
      return semaphore;
    },
  };
}
