import { describe, expect, it } from 'vitest';
import { createGroupCommitter } from './group-commit.ts';

function recorder(opts: { delayMs?: number; maxBatchEvents?: number; failWhen?: (jobs: number[]) => boolean } = {}) {
  const batches: number[][] = [];
  const gc = createGroupCommitter<number, string>({
    delayMs: opts.delayMs,
    maxBatchEvents: opts.maxBatchEvents,
    size: () => 1,
    async flush(jobs) {
      await new Promise((r) => setImmediate(r));
      if (opts.failWhen?.(jobs)) throw new Error('disk on fire');
      batches.push(jobs);
      return jobs.map((j) => `done-${j}`);
    },
  });
  return { gc, batches };
}

describe('group committer', () => {
  it('answers every job with its own result and shares flushes', async () => {
    const { gc, batches } = recorder();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => gc.submit(i)));
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => `done-${i}`));
    expect(batches.flat().sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    expect(gc.stats().calls).toBe(100);
    expect(gc.stats().transactions).toBe(batches.length);
    expect(batches.length).toBeLessThan(100);
  });

  it('never puts more than maxBatchEvents in one flush', async () => {
    const { gc, batches } = recorder({ maxBatchEvents: 7 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => gc.submit(i)));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(7);
    expect(batches.flat()).toHaveLength(50);
  });

  it('rejects only the jobs of a failed flush', async () => {
    const { gc } = recorder({ failWhen: (jobs) => jobs.includes(13) });
    const first = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => gc.submit(i)));
    const failed = first.filter((r) => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect((f as PromiseRejectedResult).reason.message).toBe('disk on fire');
    // The committer keeps working after a failure.
    await expect(gc.submit(99)).resolves.toBe('done-99');
  });

  it('flushes pending jobs on close and refuses new ones after', async () => {
    const { gc, batches } = recorder({ delayMs: 10_000 });
    const pending = gc.submit(1);
    await gc.close();
    await expect(pending).resolves.toBe('done-1');
    expect(batches).toEqual([[1]]);
    await expect(gc.submit(2)).rejects.toThrow(/closed/);
  });

  for (const maxInFlight of [1, 2]) {
    it(`runs at most maxInFlight = ${maxInFlight} flushes at once, and overlaps them up to it`, async () => {
      let running = 0;
      let most = 0;
      const gates: Array<() => void> = [];
      const gc = createGroupCommitter<number, number>({
        maxBatchEvents: 5,
        maxInFlight,
        size: () => 1,
        async flush(jobs) {
          running++;
          most = Math.max(most, running);
          await new Promise<void>((open) => gates.push(open));
          running--;
          return jobs;
        },
      });
      const all = Promise.all(Array.from({ length: 40 }, (_, i) => gc.submit(i)));
      // Open the gates one by one until every job is answered.
      let answered = false;
      all.then(() => (answered = true));
      while (!answered) {
        await new Promise((r) => setTimeout(r, 1));
        gates.shift()?.();
      }
      expect(await all).toEqual([...Array(40).keys()]);
      expect(most).toBe(maxInFlight);
      expect(gc.stats().transactions).toBe(8);
    });
  }

  it('validates its options', () => {
    expect(() => createGroupCommitter({ maxInFlight: 0, size: () => 1, flush: async () => [] })).toThrow(/maxInFlight must be an integer >= 1, got 0/);
    expect(() => createGroupCommitter({ delayMs: -1, size: () => 1, flush: async () => [] })).toThrow(/delayMs/);
    expect(() => createGroupCommitter({ maxBatchEvents: 0, size: () => 1, flush: async () => [] })).toThrow(/maxBatchEvents/);
  });
});
