import { resolveTimers, type Timers } from './timers.ts';

/**
 * Options of {@link createBatcher}.
 *
 * @example
 * const options: BatcherOptions<string> = { maxCount: 100, maxBytes: 512_000, maxWaitMs: 1000, sizeOf: (s) => s.length, flush: send };
 */
export interface BatcherOptions<T> extends Timers {
  /** A batch is flushed as soon as it holds this many items. */
  maxCount: number;
  /** A batch never exceeds this many bytes (by `sizeOf`); an item larger than this goes alone. */
  maxBytes: number;
  /** A batch is flushed at the latest this long after its first item was added. */
  maxWaitMs: number;
  sizeOf: (item: T) => number;
  /** Delivers one batch; a rejection fails that batch's `add()` promises only. */
  flush: (items: T[]) => Promise<void>;
  /** Batches flushed at once. Default 1: batches are flushed one after another, in order. */
  maxConcurrentFlushes?: number;
}

/**
 * A size-, count- and time-bounded batcher.
 *
 * @example
 * const batcher: Batcher<Payload> = createBatcher({ maxCount: 100, maxBytes: 500_000, maxWaitMs: 1000, sizeOf, flush });
 */
export interface Batcher<T> {
  /** Queues an item; resolves once its batch was flushed, rejects with that flush's error. */
  add(item: T): Promise<void>;
  /** Flushes what is pending now and waits for every batch started so far. Never rejects for a flush error. */
  flush(): Promise<void>;
  /** Flushes, then refuses further `add` calls. */
  close(): Promise<void>;
  /** Items added but not yet handed to `flush`. */
  readonly pending: number;
}

interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Batch<T> {
  entries: Entry<T>[];
  markDone: () => void;
}

function check(name: string, value: number, integer: boolean, min: number): void {
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new RangeError(`createBatcher: ${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${value}`);
  }
}

/**
 * Groups items into batches, flushed when `maxCount` items are reached, when the next item would
 * push the batch past `maxBytes`, or `maxWaitMs` after the batch's first item, whichever comes
 * first. Items keep their order across batches.
 *
 * @example
 * const batcher = createBatcher<string>({
 *   maxCount: 100, maxBytes: 512_000, maxWaitMs: 1_000,
 *   sizeOf: (line) => Buffer.byteLength(line),
 *   flush: (lines) => send(lines.join('\n')),
 * });
 * await batcher.add('{"event":"Signed Up"}');
 */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  const { maxCount, maxBytes, maxWaitMs, sizeOf, flush, maxConcurrentFlushes = 1 } = options;
  check('maxCount', maxCount, true, 1);
  check('maxBytes', maxBytes, false, 1);
  check('maxWaitMs', maxWaitMs, false, 0);
  check('maxConcurrentFlushes', maxConcurrentFlushes, true, 1);
  const { setTimer, clearTimer } = resolveTimers(options);
  let current: Entry<T>[] = [];
  let currentBytes = 0;
  let timer: unknown;
  let closed = false;
  let running = 0;
  const queued: Batch<T>[] = [];
  const outstanding = new Set<Promise<void>>();

  const run = (batch: Batch<T>): void => {
    running++;
    Promise.resolve()
      .then(() => flush(batch.entries.map((e) => e.item)))
      .then(
        () => {
          for (const e of batch.entries) e.resolve();
        },
        (err: unknown) => {
          for (const e of batch.entries) e.reject(err);
        },
      )
      .finally(() => {
        running--;
        batch.markDone();
        pump();
      });
  };

  const pump = (): void => {
    while (running < maxConcurrentFlushes && queued.length > 0) run(queued.shift()!);
  };

  const enqueue = (entries: Entry<T>[]): void => {
    let markDone!: () => void;
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    outstanding.add(done);
    void done.then(() => outstanding.delete(done));
    queued.push({ entries, markDone });
    pump();
  };

  const cut = (): void => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    if (current.length === 0) return;
    const entries = current;
    current = [];
    currentBytes = 0;
    enqueue(entries);
  };

  const add = (item: T): Promise<void> => {
    if (closed) return Promise.reject(new Error('batcher is closed: add() after close()'));
    let size: number;
    try {
      size = sizeOf(item);
      if (!Number.isFinite(size) || size < 0) throw new RangeError(`batcher: sizeOf(item) must be a number ≥ 0, got ${size}`);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<void>((resolve, reject) => {
      const entry = { item, resolve, reject };
      if (size > maxBytes) {
        cut();
        enqueue([entry]);
        return;
      }
      if (current.length > 0 && currentBytes + size > maxBytes) cut();
      current.push(entry);
      currentBytes += size;
      if (current.length >= maxCount) cut();
      else if (current.length === 1) timer = setTimer(cut, maxWaitMs);
    });
  };

  return {
    add,
    async flush() {
      cut();
      await Promise.all([...outstanding]);
    },
    async close() {
      closed = true;
      cut();
      await Promise.all([...outstanding]);
    },
    get pending() {
      return current.length + queued.reduce((sum, b) => sum + b.entries.length, 0);
    },
  };
}
