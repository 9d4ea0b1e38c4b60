/**
 * A manual clock with timers for tests and simulations: time moves only when `advance` is called.
 *
 * @example
 * const clock = createFakeClock();
 * const bucket = new TokenBucket({ perSecond: 10, ...clock });
 * await clock.advance(100);
 */
export interface FakeClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Moves time forward by `ms`, firing due timers in order and letting promise callbacks run between them. */
  advance(ms: number): Promise<void>;
  /** Timers not yet fired. */
  readonly pendingTimers: number;
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/**
 * Creates a {@link FakeClock} starting at `start` ms.
 *
 * @example
 * const clock = createFakeClock(1_000);
 * clock.setTimer(() => console.log('fired at', clock.now()), 50);
 * await clock.advance(50); // fired at 1050
 */
export function createFakeClock(start = 0): FakeClock {
  let time = start;
  let nextId = 1;
  const timers: Timer[] = [];
  const clock: FakeClock = {
    now: () => time,
    setTimer(callback, ms) {
      const timer = { id: nextId++, at: time + Math.max(0, ms), callback };
      timers.push(timer);
      return timer.id;
    },
    clearTimer(handle) {
      const index = timers.findIndex((t) => t.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    async advance(ms) {
      const end = time + ms;
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const due = timers[0];
        if (!due || due.at > end) break;
        timers.shift();
        time = due.at;
        due.callback();
        await settle();
      }
      time = end;
      await settle();
    },
    get pendingTimers() {
      return timers.length;
    },
  };
  return clock;
}
