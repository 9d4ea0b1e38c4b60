import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { partitionOf } from './partition.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';

const track = (id: string, user = 'u1') => ({ messageId: id, type: 'track', partitionKey: user, payload: { messageId: id, type: 'track', event: 'Clicked', userId: user } });

async function readAll(store: Store) {
  const all = [];
  for (let p = 0; p < store.partitions; p++) all.push(...(await store.readLog({ partition: p, afterSeq: 0, limit: 10_000 })));
  return all.sort((a, b) => a.seq - b.seq);
}

describe.each(BACKENDS)('appendEvents on %s', (backend) => {
  const h = harness(backend);

  it('appends, assigns increasing seqs and partitions by partitionKey', async () => {
    const store = await h.open(await h.location());
    const { source, workspace } = await seed(store);
    const res = await store.appendEvents(source.id, [track('m1', 'alice'), track('m2', 'bob'), { ...track('m3'), partitionKey: null }]);
    expect(res.map((r) => r.status)).toEqual(['new', 'new', 'new']);
    expect(res.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(res[0]!.partition).toBe(partitionOf('alice', 16));
    expect(res[2]!.partition).toBe(partitionOf('m3', 16));
    expect(await store.logHead()).toBe(3);
    const events = await readAll(store);
    expect(events.map((e) => e.messageId)).toEqual(['m1', 'm2', 'm3']);
    expect(events[1]).toMatchObject({ seq: 2, sourceId: source.id, workspaceId: workspace.id, type: 'track', partition: partitionOf('bob', 16) });
    expect(JSON.parse(events[1]!.payload)).toEqual(track('m2', 'bob').payload);
    expect(Date.parse(events[0]!.receivedAt)).not.toBeNaN();
  });

  it('keeps a given receivedAt and accepts JSON text payloads', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    await store.appendEvents(source.id, [{ messageId: 'x', type: 'identify', partitionKey: 'u', payload: '{"type":"identify"}', receivedAt: '2025-01-02T03:04:05.678Z' }]);
    const [e] = await readAll(store);
    expect(e).toMatchObject({ payload: '{"type":"identify"}', receivedAt: '2025-01-02T03:04:05.678Z', type: 'identify' });
  });

  it('group-commits concurrent calls: all durable, fewer transactions than calls', async () => {
    const loc = await h.location();
    const store = await h.open(loc, { groupCommit: { delayMs: 5 } });
    const { source } = await seed(store);
    const calls = Array.from({ length: 200 }, (_, i) => store.appendEvents(source.id, [track(`g${i}a`, `user${i % 7}`), track(`g${i}b`, `user${i % 5}`)]));
    const results = (await Promise.all(calls)).flat();
    expect(results.every((r) => r.status === 'new')).toBe(true);
    expect(new Set(results.map((r) => r.seq)).size).toBe(400);
    const stats = store.stats();
    expect(stats.calls).toBe(200);
    expect(stats.appended).toBe(400);
    expect(stats.transactions).toBeGreaterThanOrEqual(1);
    expect(stats.transactions).toBeLessThan(stats.calls);
    await store.close();
    // Reopen: everything acknowledged is there.
    const reopened = await h.open(loc);
    const events = await readAll(reopened);
    expect(events.map((e) => e.seq)).toEqual(results.map((r) => r.seq).sort((a, b) => a! - b!));
    expect(await reopened.logHead()).toBe(400);
  });

  it('respects maxBatchEvents per transaction', async () => {
    const store = await h.open(await h.location(), { groupCommit: { delayMs: 5, maxBatchEvents: 10 } });
    const { source } = await seed(store);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendEvents(source.id, [track(`b${i}`)])));
    expect(store.stats().transactions).toBeGreaterThanOrEqual(5);
    expect((await readAll(store)).length).toBe(50);
  });

  it('dedupes by (source, messageId): within a call, across calls, not across sources', async () => {
    const store = await h.open(await h.location());
    const { source, workspace } = await seed(store);
    const other = await store.sources.create({ workspaceId: workspace.id, slug: 'app', name: 'App' });
    const first = await store.appendEvents(source.id, [track('d1'), track('d2'), track('d1')]);
    expect(first.map((r) => r.status)).toEqual(['new', 'new', 'duplicate']);
    expect(first[2]!.seq).toBeNull();
    const [again, otherSrc] = await Promise.all([store.appendEvents(source.id, [track('d2'), track('d3')]), store.appendEvents(other.id, [track('d1')])]);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'new']);
    expect(otherSrc.map((r) => r.status)).toEqual(['new']);
    expect((await readAll(store)).map((e) => `${e.sourceId === source.id ? 's' : 'o'}:${e.messageId}`).sort()).toEqual(['o:d1', 's:d1', 's:d2', 's:d3']);
    expect(store.stats()).toMatchObject({ appended: 4, duplicates: 2 });
    expect(await store.logHead()).toBe(4);
  });

  it('forgets dedupe keys older than the window, and prunes them', async () => {
    let now = Date.parse('2025-03-01T12:00:00Z');
    const store = await h.open(await h.location(), { clock: () => now, dedupeWindowMs: 60 * 60 * 1000 });
    const { source } = await seed(store);
    expect((await store.appendEvents(source.id, [track('w1')]))[0]!.status).toBe('new');
    now += 59 * 60 * 1000;
    expect((await store.appendEvents(source.id, [track('w1')]))[0]!.status).toBe('duplicate');
    expect(await store.pruneDedupe()).toBe(0);
    now += 2 * 60 * 1000;
    expect((await store.appendEvents(source.id, [track('w1')]))[0]!.status).toBe('new');
    now += 2 * 60 * 60 * 1000;
    // SQLite's runs are immutable: each sighting of w1 is an entry of its own (PostgreSQL overwrote the key).
    expect(await store.pruneDedupe()).toBe(backend === 'sqlite' ? 2 : 1);
    expect((await readAll(store)).map((e) => e.messageId)).toEqual(['w1', 'w1']);
  });

  it('dedupes messageIds with quotes, backslashes and emoji (they reach the lookup as quoted text on PostgreSQL)', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    const ids = ["it's", 'a\\b', "'; DROP TABLE dedupe; --", 'é😀', '"', 'x'.repeat(255)];
    expect((await store.appendEvents(source.id, ids.map((id) => track(id)))).map((r) => r.status)).toEqual(ids.map(() => 'new'));
    expect((await store.appendEvents(source.id, [...ids, 'fresh'].map((id) => track(id)))).map((r) => r.status)).toEqual([...ids.map(() => 'duplicate'), 'new']);
    expect((await readAll(store)).map((e) => e.messageId)).toEqual([...ids, 'fresh']);
  });

  it('dedupes across two stores on one database (two hosts) appending the same ids at once', async () => {
    const loc = await h.location();
    const a = await h.open(loc);
    const { source } = await seed(a);
    const b = await h.open(loc);
    const statuses: string[][] = [];
    for (let round = 0; round < 10; round++) {
      const ids = Array.from({ length: 20 }, (_, i) => `r${round}-${i}`);
      const [ra, rb] = await Promise.all([a.appendEvents(source.id, ids.map((id) => track(id))), b.appendEvents(source.id, ids.map((id) => track(id)))]);
      statuses.push(ids.map((_, i) => [ra[i]!.status, rb[i]!.status].sort().join('+')));
    }
    // Each id is new on exactly one host, whichever committed first.
    expect(new Set(statuses.flat())).toEqual(new Set(['duplicate+new']));
    expect(await readAll(a)).toHaveLength(200);
  });

  it("writes again after today's segment was dropped under it (retention that reached today)", async () => {
    const now = Date.parse('2025-04-01T10:00:00Z');
    const store = await h.open(await h.location(), { clock: () => now });
    const { source } = await seed(store);
    expect((await store.appendEvents(source.id, [track('before')]))[0]!.status).toBe('new');
    expect(await store.dropSegmentsBefore('2025-04-02')).toEqual(['event_log_20250401']);
    const after = await store.appendEvents(source.id, [track('after')]);
    expect(after.map((r) => [r.status, r.seq])).toEqual([['new', 2]]);
    expect((await readAll(store)).map((e) => e.messageId)).toEqual(['after']);
    expect(await store.listSegments()).toEqual([{ name: 'event_log_20250401', day: '20250401', minSeq: 2, maxSeq: 2 }]);
  });

  it('rejects bad input naming the field, and unknown sources', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    await expect(store.appendEvents(source.id, [track('ok'), { ...track(''), messageId: '' }])).rejects.toThrow(/events\[1\]\.messageId/);
    await expect(store.appendEvents(source.id, [track('ok'), track('a\u0000b')])).rejects.toThrow(/events\[1\]\.messageId must not contain NUL/);
    await expect(store.appendEvents(source.id, [track('ok'), track('a\uD800')])).rejects.toThrow(/events\[1\]\.messageId must not contain NUL \(U\+0000\) or unpaired surrogate/);
    expect((await store.appendEvents(source.id, [track('pair-😀')]))[0]!.status).toBe('new');
    await expect(store.appendEvents(source.id, [{ ...track('t'), type: 5 as never }])).rejects.toThrow(/events\[0\]\.type/);
    await expect(store.appendEvents(source.id, [{ ...track('t'), payload: 7 as never }])).rejects.toThrow(/events\[0\]\.payload/);
    for (const text of ['', '{"a":"\u0000"}', '{"a":"\u0001"}']) {
      await expect(store.appendEvents(source.id, [track('ok'), { ...track('t'), payload: text }])).rejects.toThrow(/events\[1\]\.payload must be JSON text: empty or holding a raw U\+0000 or U\+0001/);
    }
    // Escaped, as JSON writes them, they are data like any other.
    expect((await store.appendEvents(source.id, [{ ...track('esc'), payload: '{"a":"\\u0000\\u0001"}' }]))[0]!.status).toBe('new');
    await expect(store.appendEvents(source.id, [{ ...track('t'), receivedAt: 'yesterday' }])).rejects.toThrow(/events\[0\]\.receivedAt/);
    await expect(store.appendEvents('nope', [track('t')])).rejects.toThrow(/source "nope" not found/);
    expect(await store.appendEvents(source.id, [])).toEqual([]);
    expect(await store.logHead()).toBe(2);
  });
});

describe.skipIf(!BACKENDS.includes('postgres'))('appendEvents on postgres: round trips', () => {
  const h = harness('postgres');
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Queries sent by any pg client while `fn` runs: how many, and their texts. */
  async function queriesDuring<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; texts: string[] }> {
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const result = await fn();
      const texts = spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : String((q as { text?: string }).text)));
      return { result, queries: spy.mock.calls.length, texts };
    } finally {
      spy.mockRestore();
    }
  }

  it('writes a batch of new events in one round trip, whatever the text holds', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    // The process's first write of the day creates today's segment (a transaction of its own).
    await store.appendEvents(source.id, [track('warm-up')]);
    const odd = ["it's", 'a\\b', "'; DROP TABLE dedupe; --", 'é😀\n\t', '"', '{"x":[1]}', "E'\\'"];
    const events = odd.map((id, i) => ({
      messageId: id,
      type: 'track',
      partitionKey: i % 2 ? 'u1' : 'u2', // two runs, one of them of several events
      payload: { messageId: id, type: 'track', event: id, properties: { quote: "'", backslash: '\\', text: id } },
    }));
    const { result, queries } = await queriesDuring(() => store.appendEvents(source.id, events));
    expect(queries).toBe(1);
    expect(result.map((r) => [r.status, r.seq])).toEqual(odd.map(() => ['new', expect.any(Number)]));
    expect(new Set(result.map((r) => r.seq))).toEqual(new Set([2, 3, 4, 5, 6, 7, 8]));
    expect(await store.logHead()).toBe(8);
    const read = (await readAll(store)).slice(1);
    expect(read.map((e) => e.messageId).sort()).toEqual([...odd].sort());
    for (const e of read) expect(JSON.parse(e.payload)).toEqual(events.find((x) => x.messageId === e.messageId)!.payload);
    expect((await store.listSegments()).at(-1)).toMatchObject({ maxSeq: 8 });
  });

  it('writes a batch of 1,000 events in one round trip too', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    await store.appendEvents(source.id, [track('warm-up')]);
    const ids = Array.from({ length: 1000 }, (_, i) => `big-${i}`);
    const { result, queries } = await queriesDuring(() => store.appendEvents(source.id, ids.map((id, i) => track(id, `user-${i % 37}`))));
    expect(queries).toBe(1);
    expect(new Set(result.map((r) => r.seq))).toEqual(new Set(ids.map((_, i) => i + 2)));
    expect(await store.logHead()).toBe(1001);
    expect((await readAll(store)).map((e) => e.messageId).sort()).toEqual(['warm-up', ...ids].sort());
  });

  it('sends a batch holding a duplicate twice: the first try writes nothing, the second writes its new events once', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    await store.appendEvents(source.id, [track('seen')]);
    const { result, queries } = await queriesDuring(() => store.appendEvents(source.id, [track('n1'), track('seen'), track('n2')]));
    expect(queries).toBe(2);
    expect(result.map((r) => [r.status, r.seq])).toEqual([['new', 2], ['duplicate', null], ['new', 3]]);
    expect((await readAll(store)).map((e) => e.messageId)).toEqual(['seen', 'n1', 'n2']);
    expect(await store.logHead()).toBe(3);
    // A batch of nothing but duplicates is answered without a write.
    const again = await queriesDuring(() => store.appendEvents(source.id, [track('n1'), track('seen')]));
    expect(again.result.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await store.logHead()).toBe(3);
  });

  it("appends and dedupes across two hosts when the role's default isolation is repeatable read, and refuses to append outside READ COMMITTED", async () => {
    // A role whose sessions default to REPEATABLE READ, as a DBA may set, and a URL whose own
    // options say so too: the store's connections must still run READ COMMITTED.
    const role = `junction_rr_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
      await admin.query(`ALTER ROLE ${role} SET default_transaction_isolation = 'repeatable read'`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.username = role;
      url.searchParams.set('options', '-c default_transaction_isolation=repeatable\\ read');
      const loc = await h.location();
      const [a, b] = [await openStore({ databaseUrl: url.href, schema: loc.schema! }), await openStore({ databaseUrl: url.href, schema: loc.schema! })];
      try {
        expect(await h.sql(a, 'SHOW default_transaction_isolation')).toEqual([{ default_transaction_isolation: 'read committed' }]);
        const { source } = await seed(a);
        for (let round = 0; round < 5; round++) {
          const ids = Array.from({ length: 20 }, (_, i) => `rr${round}-${i}`);
          const [ra, rb] = await Promise.all([a.appendEvents(source.id, ids.map((id) => track(id))), b.appendEvents(source.id, ids.map((id) => track(id)))]);
          expect(ids.map((_, i) => [ra[i]!.status, rb[i]!.status].sort().join('+'))).toEqual(ids.map(() => 'duplicate+new'));
        }
        expect(await a.logHead()).toBe(100);
      } finally {
        await a.close();
        await b.close();
      }
      // Called in a REPEATABLE READ transaction (its snapshot would predate the lock), the append refuses.
      const direct = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${loc.schema}` });
      await direct.connect();
      try {
        await direct.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        await expect(
          direct.query('SELECT * FROM junction_append($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)', [
            `event_log_${day}`, day, new Date().toISOString(), '2000', ['k'], [1], [null], ['w'], ['s'], [0], ['m'], ['track'], ['2000'], '{}', [null],
          ]),
        ).rejects.toThrow(/junction_append needs READ COMMITTED; this transaction runs repeatable read/);
      } finally {
        await direct.end();
      }
    } finally {
      // The role owns the store's tables in the test schema: dropped with it.
      await admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
      await admin.end();
    }
  });

  it("writes the first batch of a day in a process holding a duplicate: the DDL's transaction rolls back, then writes the rest", async () => {
    const loc = await h.location();
    const a = await h.open(loc);
    const { source } = await seed(a);
    await a.appendEvents(source.id, [track('seen')]);
    // A second host: today's segment is new to it, so its first batch goes the DDL way.
    const b = await h.open(loc);
    const { result, texts } = await queriesDuring(() => b.appendEvents(source.id, [track('fresh'), track('seen')]));
    expect(result.map((r) => [r.status, r.seq])).toEqual([['new', 2], ['duplicate', null]]);
    // BEGIN, lock, the DDL, the call (which found the duplicate), ROLLBACK; then the same with COMMIT.
    expect(texts.filter((t) => /^(BEGIN|ROLLBACK|COMMIT|SELECT head)/.test(t)).map((t) => t.split(' ')[0])).toEqual(['BEGIN', 'SELECT', 'ROLLBACK', 'BEGIN', 'SELECT', 'COMMIT']);
    expect((await readAll(b)).map((e) => e.messageId)).toEqual(['seen', 'fresh']);
    expect(await b.listSegments()).toEqual([expect.objectContaining({ minSeq: 1, maxSeq: 2 })]);
  });

  it('sends the next batch while one waits on the log-head lock, and both commit in order', async () => {
    const loc = await h.location();
    const store = await h.open(loc, { groupCommit: { delayMs: 0 } });
    const { source } = await seed(store);
    await store.appendEvents(source.id, [track('warm-up')]);
    const [holder, observer] = [new pg.Client(process.env.TEST_DATABASE_URL), new pg.Client(process.env.TEST_DATABASE_URL)];
    await holder.connect();
    await observer.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT seq FROM ${loc.schema}.log_head WHERE id = 1 FOR UPDATE`);
      const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      // Sessions the holder blocks, directly or behind one that waits for it (the row's lock queue);
      // asked outside any transaction (pg_stat_activity is read once per transaction).
      const waiting = async () =>
        Number(
          (
            await observer.query(
              `SELECT count(*) AS n FROM pg_stat_activity a WHERE $1 = ANY (pg_blocking_pids(a.pid))
                OR EXISTS (SELECT 1 FROM unnest(pg_blocking_pids(a.pid)) AS b(pid) WHERE $1 = ANY (pg_blocking_pids(b.pid)))`,
              [holderPid],
            )
          ).rows[0].n,
        );
      const first = store.appendEvents(source.id, [track('a1')]);
      await vi.waitFor(async () => expect(await waiting()).toBe(1));
      const second = store.appendEvents(source.id, [track('b1'), track('b2')]);
      // Both calls wait in the server: the second did not wait for the first one's answer.
      await vi.waitFor(async () => expect(await waiting()).toBe(2));
      await holder.query('COMMIT');
      expect((await first).map((r) => r.seq)).toEqual([2]);
      expect((await second).map((r) => r.seq)).toEqual([3, 4]);
    } finally {
      await holder.end();
      await observer.end();
    }
  });

  it('keeps dedupe keys as 16-byte hashes of source and messageId', async () => {
    const store = await h.open(await h.location());
    const { source } = await seed(store);
    await store.appendEvents(source.id, [track('k1'), track('k2')]);
    const rows = await h.sql<{ key: string; t: string }>(store, "SELECT key::text AS key, pg_typeof(key)::text AS t FROM dedupe_keys ORDER BY 1");
    const md5 = (text: string) => createHash('md5').update(text).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    expect(rows).toEqual([`${source.id}/k1`, `${source.id}/k2`].map(md5).sort().map((key) => ({ key, t: 'uuid' })));
  });
});
