import { abortReason, resolveTimers, type Timers } from './timers.ts';

/**
 * Options of {@link TokenBucket}.
 *
 * @example
 * const options: TokenBucketOptions = { perSecond: 50, burst: 100 };
 */
export interface TokenBucketOptions extends Timers {
  /** Tokens added per second (the sustained rate). */
  perSecond: number;
  /** Capacity: how many tokens can be taken at once after a quiet period. Default `max(1, ceil(perSecond))`. */
  burst?: number;
  /** Milliseconds clock. Default `performance.now`. */
  now?: () => number;
}

interface Waiter {
  n: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A token bucket rate limiter: `perSecond` tokens per second, at most `burst` saved up.
 * `acquire` waiters are served in FIFO order; `tryTake` never waits and may overtake them.
 * `pauseFor` (for a 429 with Retry-After) empties the bucket and lets nobody take tokens until the
 * pause ends; tokens then refill from zero, so a paused destination is not hit by a full burst.
 *
 * @example
 * const bucket = new TokenBucket({ perSecond: 10, burst: 5 });
 * await bucket.acquire();           // waits until a token is free
 * if (bucket.tryTake() === 0) send(); // non-blocking
 * bucket.pauseFor(30_000);          // destination answered 429, Retry-After: 30
 */
export class TokenBucket {
  readonly perSecond: number;
  readonly burst: number;
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;
  readonly #timers: Required<Timers>;
  readonly #queue: Waiter[] = [];
  #timer: unknown;

  constructor(options: TokenBucketOptions) {
    const { perSecond, burst = Math.max(1, Math.ceil(perSecond)) } = options;
    if (!Number.isFinite(perSecond) || perSecond <= 0) throw new RangeError(`TokenBucket: perSecond must be a positive number, got ${perSecond}`);
    if (!Number.isFinite(burst) || burst < 1) throw new RangeError(`TokenBucket: burst must be a number ≥ 1, got ${burst}`);
    this.perSecond = perSecond;
    this.burst = burst;
    this.#now = options.now ?? (() => performance.now());
    this.#timers = resolveTimers(options);
    this.#tokens = burst;
    this.#updatedAt = this.#now();
  }

  /** Tokens available now (fractional). */
  get tokens(): number {
    this.#refill(this.#now());
    return this.#tokens;
  }

  /** Callers waiting in `acquire`. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Takes `n` tokens if available: returns 0 when taken, else the milliseconds until they will be. */
  tryTake(n = 1): number {
    this.#check(n);
    const now = this.#now();
    if (now < this.#pausedUntil) return Math.ceil(this.#pausedUntil - now + (n / this.perSecond) * 1000);
    this.#refill(now);
    if (this.#tokens >= n) {
      this.#tokens -= n;
      return 0;
    }
    return Math.max(1, Math.ceil(((n - this.#tokens) / this.perSecond) * 1000));
  }

  /** Waits (FIFO) until `n` tokens are taken. Rejects with the signal's reason when aborted. */
  acquire(n = 1, signal?: AbortSignal): Promise<void> {
    this.#check(n);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#queue.length === 0 && this.tryTake(n) === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        n,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(abortReason(signal!));
          this.#schedule();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#schedule();
    });
  }

  /** Nobody takes tokens for `ms` milliseconds (extends, never shortens, a running pause). */
  pauseFor(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`TokenBucket.pauseFor: ms must be a number ≥ 0, got ${ms}`);
    const now = this.#now();
    const until = now + ms;
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    this.#tokens = 0;
    this.#updatedAt = until;
    this.#schedule();
  }

  #check(n: number): void {
    if (!Number.isFinite(n) || n <= 0 || n > this.burst) throw new RangeError(`TokenBucket: n must be > 0 and ≤ burst (${this.burst}), got ${n}`);
  }

  #refill(now: number): void {
    if (now <= this.#updatedAt) return;
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.perSecond);
    this.#updatedAt = now;
  }

  /** Serves the queue head while tokens allow, then sets one timer for when the head can be served. */
  #schedule(): void {
    if (this.#timer !== undefined) this.#timers.clearTimer(this.#timer);
    this.#timer = undefined;
    for (;;) {
      const head = this.#queue[0];
      if (!head) return;
      const wait = this.tryTake(head.n);
      if (wait > 0) {
        this.#timer = this.#timers.setTimer(() => {
          this.#timer = undefined;
          this.#schedule();
        }, wait);
        return;
      }
      this.#queue.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
    }
  }
}
