import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';
import { createFakeClock } from './fake-clock.ts';

function setup(limits: { maxCount?: number; maxBytes?: number; maxWaitMs?: number; maxConcurrentFlushes?: number }, fail?: (items: string[]) => boolean) {
  const clock = createFakeClock();
  const batches: string[][] = [];
  const batcher = createBatcher<string>({
    maxCount: 100,
    maxBytes: 1_000,
    maxWaitMs: 1_000,
    ...limits,
    sizeOf: (s) => s.length,
    flush: async (items) => {
      batches.push(items);
      if (fail?.(items)) throw new Error(`vendor refused ${items.join(',')}`);
    },
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { clock, batches, batcher };
}

describe('createBatcher', () => {
  it('flushes as soon as maxCount items are pending, keeping order', async () => {
    const { clock, batches, batcher } = setup({ maxCount: 3 });
    const adds = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => batcher.add(s));
    await clock.advance(0);
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f']]);
    expect(batcher.pending).toBe(1);
    await clock.advance(1_000);
    await Promise.all(adds);
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    expect(batcher.pending).toBe(0);
  });

  it('cuts a batch before an item that would push it past maxBytes', async () => {
    const { clock, batches, batcher } = setup({ maxBytes: 10 });
    const adds = ['aaaa', 'bbbb', 'cccc', 'dd', 'eeeeeeeeee'].map((s) => batcher.add(s));
    await clock.advance(0);
    expect(batches).toEqual([['aaaa', 'bbbb'], ['cccc', 'dd']]);
    expect(batcher.pending).toBe(1); // exactly maxBytes: fits a batch of its own
    await clock.advance(1_000);
    await Promise.all(adds);
    expect(batches).toEqual([['aaaa', 'bbbb'], ['cccc', 'dd'], ['eeeeeeeeee']]);
  });

  it('flushes maxWaitMs after the first pending item, not after the last', async () => {
    const { clock, batches, batcher } = setup({ maxWaitMs: 500 });
    let flushed = false;
    const first = batcher.add('a').then(() => {
      flushed = true;
    });
    await clock.advance(300);
    const second = batcher.add('b');
    await clock.advance(199);
    expect(flushed).toBe(false);
    expect(batches).toEqual([]);
    await clock.advance(1);
    await Promise.all([first, second]);
    expect(batches).toEqual([['a', 'b']]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sends an item larger than maxBytes alone, after what was pending', async () => {
    const { clock, batches, batcher } = setup({ maxBytes: 5 });
    const adds = ['a', 'b', 'way-too-large', 'c'].map((s) => batcher.add(s));
    await clock.advance(1_000);
    await Promise.all(adds);
    expect(batches).toEqual([['a', 'b'], ['way-too-large'], ['c']]);
  });

  it("rejects only the failed batch's add() promises", async () => {
    const { clock, batcher } = setup({ maxCount: 2 }, (items) => items.includes('bad'));
    const results = await Promise.allSettled(['a', 'b', 'bad', 'c', 'd'].map((s) => batcher.add(s)).concat(clock.advance(1_000)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('vendor refused bad,c');
  });

  it('flushes batches one at a time by default', async () => {
    const clock = createFakeClock();
    const log: string[] = [];
    const gates: Array<() => void> = [];
    const batcher = createBatcher<string>({
      maxCount: 1,
      maxBytes: 100,
      maxWaitMs: 10,
      sizeOf: (s) => s.length,
      flush: (items) =>
        new Promise<void>((resolve) => {
          log.push(`start ${items[0]}`);
          gates.push(() => {
            log.push(`end ${items[0]}`);
            resolve();
          });
        }),
      ...clock,
    });
    const adds = [batcher.add('x'), batcher.add('y')];
    await clock.advance(0);
    expect(log).toEqual(['start x']);
    expect(batcher.pending).toBe(1);
    gates[0]!();
    await clock.advance(0);
    gates[1]!();
    await Promise.all(adds);
    expect(log).toEqual(['start x', 'end x', 'start y', 'end y']);
  });

  it('flush() and close() send what is pending; add() after close() is refused', async () => {
    const { batches, batcher } = setup({});
    const a = batcher.add('a');
    await batcher.flush();
    await a;
    const b = batcher.add('b');
    await batcher.close();
    await b;
    expect(batches).toEqual([['a'], ['b']]);
    await expect(batcher.add('c')).rejects.toThrow('batcher is closed');
  });

  it('rejects bad limits and bad sizes with what is wrong', async () => {
    const { batcher } = setup({});
    expect(() => setup({ maxCount: 0 })).toThrow('maxCount must be an integer ≥ 1, got 0');
    expect(() => setup({ maxWaitMs: -5 })).toThrow('maxWaitMs must be a number ≥ 0, got -5');
    const odd = createBatcher<string>({ maxCount: 1, maxBytes: 1, maxWaitMs: 0, sizeOf: () => Number.NaN, flush: async () => {} });
    await expect(odd.add('x')).rejects.toThrow('sizeOf(item) must be a number ≥ 0, got NaN');
    expect(batcher.pending).toBe(0);
  });
});
