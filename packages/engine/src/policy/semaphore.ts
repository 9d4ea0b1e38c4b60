import { abortReason } from './timers.ts';

interface Waiter {
  grant: (release: () => void) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
}

/** The waiters of one signal, behind ONE abort listener (Node's EventTarget adds a listener in O(listeners)). */
interface SignalWaiters {
  waiters: Set<Waiter>;
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
  readonly #bySignal = new Map<AbortSignal, SignalWaiters>();

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
      const waiter: Waiter = { grant: resolve, reject, signal };
      if (signal) this.#watch(signal, waiter);
      this.#queue.push(waiter);
    });
  }

  #watch(signal: AbortSignal, waiter: Waiter): void {
    let entry = this.#bySignal.get(signal);
    if (!entry) {
      const waiters = new Set<Waiter>();
      const onAbort = () => {
        this.#bySignal.delete(signal);
        for (const w of waiters) {
          const index = this.#queue.indexOf(w);
          if (index >= 0) this.#queue.splice(index, 1);
          w.reject(abortReason(signal));
        }
      };
      entry = { waiters, onAbort };
      this.#bySignal.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    entry.waiters.add(waiter);
  }

  #unwatch(waiter: Waiter): void {
    const signal = waiter.signal;
    if (!signal) return;
    const entry = this.#bySignal.get(signal);
    if (!entry) return;
    entry.waiters.delete(waiter);
    if (entry.waiters.size === 0) {
      this.#bySignal.delete(signal);
      signal.removeEventListener('abort', entry.onAbort);
    }
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
      this.#unwatch(next);
      next.grant(this.#releaser());
    };
  }
}
