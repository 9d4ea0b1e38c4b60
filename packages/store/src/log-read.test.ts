import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import type { Store } from './store.ts';

const ev = (id: string, user: string) => ({ messageId: id, type: 'track', partitionKey: user, payload: { messageId: id, userId: user } });
const DAY = 86_400_000;

/** Reads one partition to the end from `after`, page by page. */
async function drain(store: Store, partition: number, after: number, limit = 7) {
  const out = [];
  let cursor = after;
  for (;;) {
    const page = await store.readLog({ partition, afterSeq: cursor, limit });
    if (page.length === 0) return out;
    out.push(...page);
    cursor = page.at(-1)!.seq;
  }
}

describe.each(BACKENDS)('event log reading on %s', (backend) => {
  const h = harness(backend);

  it('returns one partition in seq order, pages by cursor, filters by source', async () => {
    const store = await h.open(await h.location(), { partitions: 4 });
    const { source, workspace } = await seed(store);
    const other = await store.sources.create({ workspaceId: workspace.id, slug: 'srv', name: 'Server' });
    const acked = [];
    for (let i = 0; i < 10; i++) {
      acked.push(...(await store.appendEvents(i % 2 ? other.id : source.id, Array.from({ length: 6 }, (_, j) => ev(`r${i}-${j}`, `user${j}`)))));
    }
    for (let p = 0; p < 4; p++) {
      const got = await drain(store, p, 0, 5);
      const expected = acked.filter((a) => a.partition === p).map((a) => a.seq);
      expect(got.map((e) => e.seq)).toEqual(expected);
      expect(got.every((e) => e.partition === p)).toBe(true);
    }
    const p0 = acked[0]!.partition;
    const onlyOther = await store.readLog({ partition: p0, afterSeq: 0, limit: 1000, sourceIds: [other.id] });
    expect(onlyOther.length).toBeGreaterThan(0);
    expect(onlyOther.every((e) => e.sourceId === other.id)).toBe(true);
    expect(await store.readLog({ partition: p0, afterSeq: 0, limit: 10, sourceIds: [] })).toEqual([]);
    const last = acked.at(-1)!.seq!;
    expect(await store.readLog({ partition: p0, afterSeq: last, limit: 10 })).toEqual([]);
  });

  it('rejects bad read arguments naming them', async () => {
    const store = await h.open(await h.location());
    await expect(store.readLog({ partition: 16, afterSeq: 0, limit: 1 })).rejects.toThrow(/readLog\.partition must be an integer in 0\.\.15/);
    await expect(store.readLog({ partition: 0, afterSeq: -1, limit: 1 })).rejects.toThrow(/readLog\.afterSeq/);
    await expect(store.readLog({ partition: 0, afterSeq: 0, limit: 0 })).rejects.toThrow(/readLog\.limit/);
  });

  it('segments by UTC day, reads across segments and drops whole old segments', async () => {
    let now = Date.parse('2025-05-01T23:59:59.000Z');
    const loc = await h.location();
    const store = await h.open(loc, { clock: () => now, partitions: 1 });
    const { source } = await seed(store);
    await store.appendEvents(source.id, [ev('a1', 'u'), ev('a2', 'u')]);
    now += 2000; // 2025-05-02
    await store.appendEvents(source.id, [ev('b1', 'u')]);
    now += DAY; // 2025-05-03
    await store.appendEvents(source.id, [ev('c1', 'u')]);
    expect(await store.listSegments()).toEqual([
      { name: 'event_log_20250501', day: '20250501', minSeq: 1, maxSeq: 2 },
      { name: 'event_log_20250502', day: '20250502', minSeq: 3, maxSeq: 3 },
      { name: 'event_log_20250503', day: '20250503', minSeq: 4, maxSeq: 4 },
    ]);
    expect((await drain(store, 0, 0, 2)).map((e) => e.messageId)).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect((await store.readLog({ partition: 0, afterSeq: 2, limit: 10 })).map((e) => e.messageId)).toEqual(['b1', 'c1']);

    expect(await store.dropSegmentsBefore('2025-05-03T00:00:00Z')).toEqual(['event_log_20250501', 'event_log_20250502']);
    expect((await store.listSegments()).map((s) => s.day)).toEqual(['20250503']);
    expect((await store.readLog({ partition: 0, afterSeq: 0, limit: 10 })).map((e) => e.messageId)).toEqual(['c1']);
    const tables = await h.sql<{ n: number }>(
      store,
      backend === 'sqlite'
        ? "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 'event_log_%'"
        : "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'event_log_%'",
    );
    expect(Number(tables[0]!.n)).toBe(1);
    expect(await store.dropSegmentsBefore('2025-05-03')).toEqual([]);
    // The head survives retention: new events never reuse a seq.
    expect((await store.appendEvents(source.id, [ev('d1', 'u')]))[0]!.seq).toBe(5);
  });

  it('merges overlapping segments by seq (a host with a lagging clock)', async () => {
    const loc = await h.location();
    let ahead = Date.parse('2025-06-02T00:00:01Z');
    const behind = Date.parse('2025-06-01T23:59:58Z');
    const a = await h.open(loc, { clock: () => ahead, partitions: 1 });
    const b = await h.open(loc, { clock: () => behind, partitions: 1 });
    const { source } = await seed(a);
    await a.appendEvents(source.id, [ev('x1', 'u')]);
    await b.appendEvents(source.id, [ev('x2', 'u')]);
    ahead += 1000;
    await a.appendEvents(source.id, [ev('x3', 'u')]);
    expect((await a.listSegments()).map((s) => [s.day, s.minSeq, s.maxSeq])).toEqual([
      ['20250601', 2, 2],
      ['20250602', 1, 3],
    ]);
    expect((await drain(a, 0, 0, 1)).map((e) => [e.seq, e.messageId])).toEqual([
      [1, 'x1'],
      [2, 'x2'],
      [3, 'x3'],
    ]);
  });

  it('keeps data across close and reopen', async () => {
    const loc = await h.location();
    const first = await h.open(loc, { partitions: 2 });
    const { source, key } = await seed(first);
    const acked = await first.appendEvents(source.id, [ev('k1', 'u1'), ev('k2', 'u2'), ev('k3', 'u3')]);
    await first.close();
    const second = await h.open(loc, { partitions: 2 });
    expect((await second.findSourceByWriteKey(key))?.id).toBe(source.id);
    const all = [...(await drain(second, 0, 0)), ...(await drain(second, 1, 0))].sort((x, y) => x.seq - y.seq);
    // A batch's seqs are grouped by partition (runs), so compare by seq.
    expect(all.map((e) => [e.seq, e.messageId])).toEqual(acked.map((r) => [r.seq, r.messageId]).sort((x, y) => Number(x[0]) - Number(y[0])));
    // Dedupe state survives too.
    expect((await second.appendEvents(source.id, [ev('k2', 'u2')]))[0]!.status).toBe('duplicate');
  });

  it('never skips an event under concurrent writers (two stores = two connections/hosts)', async () => {
    const loc = await h.location();
    const opts = { partitions: 2, groupCommit: { delayMs: 1, maxBatchEvents: 20 } };
    const w1 = await h.open(loc, opts);
    const w2 = await h.open(loc, opts);
    const reader = await h.open(loc, opts);
    const { source } = await seed(w1);
    const seen: number[][] = [[], []];
    const cursors = [0, 0];
    let writing = true;
    const readLoop = (async () => {
      for (;;) {
        const done = !writing;
        for (let p = 0; p < 2; p++) {
          const page = await reader.readLog({ partition: p, afterSeq: cursors[p]!, limit: 50 });
          for (const e of page) seen[p]!.push(e.seq);
          if (page.length > 0) cursors[p] = page.at(-1)!.seq;
        }
        // One more full pass after the writers finished, then drain.
        if (done) {
          const rest = [await drain(reader, 0, cursors[0]!), await drain(reader, 1, cursors[1]!)];
          rest.forEach((r, p) => {
            for (const e of r) seen[p]!.push(e.seq);
          });
          return;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const writes = [];
    for (let i = 0; i < 60; i++) {
      const w = i % 2 ? w1 : w2;
      writes.push(w.appendEvents(source.id, [ev(`c${i}a`, `u${i % 5}`), ev(`c${i}b`, `u${i % 3}`)]));
    }
    let acked: Awaited<(typeof writes)[number]> = [];
    try {
      acked = (await Promise.all(writes)).flat();
    } finally {
      writing = false;
      await readLoop;
    }
    for (let p = 0; p < 2; p++) {
      const expected = acked.filter((a) => a.partition === p).map((a) => a.seq!).sort((x, y) => x - y);
      expect(seen[p]).toEqual(expected);
    }
    expect(acked.length).toBe(120);
  });

  it.runIf(backend === 'postgres')('makes a later writer wait behind one holding the log head', async () => {
    const loc = await h.location();
    const store = await h.open(loc, { partitions: 1 });
    const { source } = await seed(store);
    await store.appendEvents(source.id, [ev('before', 'u')]);
    const holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${loc.schema}` });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // What another host's append transaction does first: take the head row.
      await holder.query('UPDATE log_head SET seq = seq + 1 WHERE id = 1');
      let settled = false;
      const pending = store.appendEvents(source.id, [ev('after', 'u')]).finally(() => {
        settled = true;
      });
      // Give the append ample opportunity to (wrongly) commit past the holder.
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      expect(settled).toBe(false);
      expect((await store.readLog({ partition: 0, afterSeq: 1, limit: 10 })).length).toBe(0);
      await holder.query('COMMIT');
      const [r] = await pending;
      expect(r!.seq).toBe(3);
    } finally {
      await holder.end();
    }
  });
});
