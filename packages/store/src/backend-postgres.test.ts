import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';

describe.runIf(BACKENDS.includes('postgres'))('the PostgreSQL backend', () => {
  const h = harness('postgres');
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sets up each new connection before handing it out: no query is ever queued behind the session setup', async () => {
    // pg 8 queues a query sent while the client runs another and warns that pg 9 will refuse it.
    // Count, per client, the queries sent while one of its own is still running.
    const running = new WeakMap<object, number>();
    let queuedBehind = 0;
    let sent = 0;
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const now = running.get(this) ?? 0;
      if (now > 0) queuedBehind++;
      sent++;
      running.set(this, now + 1);
      const result = (query as (...a: unknown[]) => unknown).apply(this, args);
      const settle = () => running.set(this, (running.get(this) ?? 1) - 1);
      if (result instanceof Promise) result.then(settle, settle);
      else settle();
      return result as never;
    });
    const loc = await h.location();
    const store = await h.open(loc);
    const { source } = await seed(store);
    // Several at once: the pool opens several connections, each answered only after its setup.
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.appendEvents(source.id, [{ messageId: `m${i}`, type: 'track', partitionKey: 'u', payload: { type: 'track' } }])));
    expect(results.flat().map((r) => r.status)).toEqual(Array(6).fill('new'));
    expect(sent).toBeGreaterThan(6);
    expect(queuedBehind).toBe(0);
    // And the setup took: the store's schema and READ COMMITTED on every connection it used.
    const shown = await Promise.all(Array.from({ length: 4 }, () => h.sql(store, "SELECT current_schema() AS s, current_setting('default_transaction_isolation') AS i")));
    expect(shown.flat()).toEqual(Array(4).fill({ s: loc.schema, i: 'read committed' }));
  });
  it('leaves the driver no reference to an append\'s values once the call is over', async () => {
    // The driver's query object keeps the values array after the answer; if that object already
    // sits in V8's old generation, whatever the array references survives young-generation
    // collections until the next full one (every batch's payload text, at ingest rates).
    const appendValues: unknown[][] = [];
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string' && args[0].startsWith('SELECT head, duplicates FROM junction_append(') && Array.isArray(args[1])) appendValues.push(args[1]);
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    const payload = { type: 'track', properties: { text: 'x'.repeat(1000) } };
    const first = await store.appendEvents(source.id, [{ messageId: 'a1', type: 'track', partitionKey: 'u', payload }]);
    // A duplicate makes the append call twice (the second time around it): both are emptied.
    const second = await store.appendEvents(source.id, [
      { messageId: 'a1', type: 'track', partitionKey: 'u', payload },
      { messageId: 'a2', type: 'track', partitionKey: 'u', payload },
    ]);
    expect(first.map((r) => r.status)).toEqual(['new']);
    expect(second.map((r) => r.status)).toEqual(['duplicate', 'new']);
    expect(appendValues.length).toBeGreaterThanOrEqual(2);
    for (const values of appendValues) {
      expect(values.length).toBe(16);
      expect(values.every((v) => v === undefined)).toBe(true);
    }
  });
});
