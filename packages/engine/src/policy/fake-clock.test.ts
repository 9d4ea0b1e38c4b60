import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.ts';

describe('createFakeClock', () => {
  it('fires due timers in time order, at their time, and skips cleared ones', async () => {
    const clock = createFakeClock(100);
    const fired: Array<[string, number]> = [];
    clock.setTimer(() => fired.push(['b', clock.now()]), 20);
    const cleared = clock.setTimer(() => fired.push(['x', clock.now()]), 5);
    clock.setTimer(() => {
      fired.push(['a', clock.now()]);
      clock.setTimer(() => fired.push(['c', clock.now()]), 10);
    }, 10);
    clock.clearTimer(cleared);
    await clock.advance(19);
    expect(fired).toEqual([['a', 110]]);
    expect(clock.now()).toBe(119);
    await clock.advance(1);
    expect(fired).toEqual([['a', 110], ['b', 120], ['c', 120]]);
    expect(clock.pendingTimers).toBe(0);
  });
});
