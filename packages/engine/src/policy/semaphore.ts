import { abortReason } from './timers.ts';

interface Waiter {
  grant: (release: () => void) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A counting semaphore: at most `limit` holders at once, waiters served first come, first served.
 * Aborting a waiter's signal removes it from the queue. The release function is idempotent; a
 * released permit goes straight to the next waiter.
 *
 * @example
 * const inFlight = new Semaphore(4);
 * const release = await inFlight.acquire(signal);
 * try { await send(); } finally { release(); }
 */
export class Semaphore {
  readonly limit: number;
  #active = 0;
  readonly #queue: Waiter[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Semaphore: limit must be an integer ≥ 1, got ${limit}`);
    this.limit = limit;
  }

  /** Permits held now. */
  get active(): number {
    return this.#active;
  }

  /** Callers queued in `acquire`. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves with a release function once a permit is held; rejects with the signal's reason when aborted first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#active < this.limit && this.#queue.length === 0) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(abortReason(signal!));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (!next) {
        this.#active--;
        return;
      }
      next.signal?.removeEventListener('abort', next.onAbort);
      next.grant(this.#releaser());
    };
  }
}
