import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('admits up to the limit and hands released permits to waiters in FIFO order', async () => {
    const sem = new Semaphore(2);
    const r1 = await sem.acquire();
    const r2 = await sem.acquire();
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) =>
      sem.acquire().then((release) => {
        order.push(name);
        return release;
      }),
    );
    await tick();
    expect([sem.active, sem.waiting, order]).toEqual([2, 3, []]);
    r1();
    r1(); // idempotent: does not free a second permit
    await tick();
    expect([sem.active, sem.waiting, order]).toEqual([2, 2, ['a']]);
    r2();
    await tick();
    expect(order).toEqual(['a', 'b']);
    for (const release of await Promise.all(waiters.slice(0, 2))) release();
    const last = await waiters[2]!;
    expect(order).toEqual(['a', 'b', 'c']);
    last();
    expect([sem.active, sem.waiting]).toEqual([0, 0]);
  });

  it('removes an aborted waiter without consuming a permit', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const controller = new AbortController();
    const aborted = sem.acquire(controller.signal);
    const next = sem.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(sem.waiting).toBe(1);
    release();
    (await next)();
    expect(sem.active).toBe(0);
    await expect(sem.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(sem.active).toBe(0);
  });

  it('keeps one abort listener per signal however many wait on it, and removes it once none wait', async () => {
    const sem = new Semaphore(2);
    const controller = new AbortController();
    const held = await Promise.all([sem.acquire(controller.signal), sem.acquire(controller.signal)]);
    const waiting = Array.from({ length: 1000 }, () => sem.acquire(controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    // Served in order: releasing one grants the first waiter.
    held[0]!();
    (await waiting[0]!)();
    expect(sem.waiting).toBe(998);
    controller.abort(new Error('stop'));
    const settled = await Promise.allSettled(waiting.slice(2));
    expect(settled.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'stop')).toBe(true);
    expect(sem.waiting).toBe(0);
    held[1]!();
    (await waiting[1]!)();
    expect(sem.active).toBe(0);
    // A signal whose waiters were all served carries no listener any more.
    const other = new AbortController();
    const release = await sem.acquire();
    const release2 = await sem.acquire();
    const w = sem.acquire(other.signal);
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(1);
    release();
    (await w)();
    release2();
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });

  it('rejects a bad limit', () => {
    expect(() => new Semaphore(0)).toThrow('limit must be an integer ≥ 1, got 0');
    expect(() => new Semaphore(1.5)).toThrow('got 1.5');
  });
});
