import { TokenBucket } from '@junction/engine';

/** Outcome of {@link RateLimiter.take}. */
export interface RateDecision {
  allowed: boolean;
  /** Milliseconds until a token is available again (0 when allowed). */
  retryAfterMs: number;
  remaining: number;
}

/**
 * Token buckets (the engine's `TokenBucket`) keyed by a string (a writeKey or an API token):
 * `ratePerSecond` tokens refill each second, up to `burst`. In-process; each host enforces its own share.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ ratePerSecond: 1000, burst: 2000 });
 * if (!limiter.take('wk_123').allowed) return c.json({ … }, 429);
 * ```
 */
export class RateLimiter {
  readonly #options: { perSecond: number; burst: number; now?: () => number };
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(options: { ratePerSecond: number; burst?: number; now?: () => number }) {
    if (!(options.ratePerSecond > 0)) throw new Error('RateLimiter: ratePerSecond must be > 0');
    this.#options = {
      perSecond: options.ratePerSecond,
      burst: options.burst ?? options.ratePerSecond,
      ...(options.now ? { now: options.now } : {}),
    };
  }

  /** Takes one token for `key`. */
  take(key: string): RateDecision {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size > 100_000) this.#buckets.clear();
      bucket = new TokenBucket(this.#options);
      this.#buckets.set(key, bucket);
    }
    const waitMs = bucket.tryTake();
    if (waitMs === 0) return { allowed: true, retryAfterMs: 0, remaining: Math.floor(bucket.tokens) };
    return { allowed: false, retryAfterMs: Math.ceil(waitMs), remaining: 0 };
  }
}
