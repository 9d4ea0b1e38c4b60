/** Outcome of {@link RateLimiter.take}. */
export interface RateDecision {
  allowed: boolean;
  /** Milliseconds until a token is available again (0 when allowed). */
  retryAfterMs: number;
  remaining: number;
}

/**
 * Token buckets keyed by a string (a writeKey): `ratePerSecond` tokens refill each second, up to
 * `burst`. In-process; each host enforces its own share.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ ratePerSecond: 1000, burst: 2000 });
 * if (!limiter.take('wk_123').allowed) return c.json({ … }, 429);
 * ```
 */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: { ratePerSecond: number; burst?: number; now?: () => number }) {
    if (!(options.ratePerSecond > 0)) throw new Error('RateLimiter: ratePerSecond must be > 0');
    this.#rate = options.ratePerSecond;
    this.#burst = options.burst ?? options.ratePerSecond;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Takes one token for `key`. */
  take(key: string): RateDecision {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size > 100_000) this.#buckets.clear();
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.#rate) * 1000), remaining: 0 };
  }
}
