import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { openPostgresBackend, openSqliteBackend } from './backend.ts';
import { openDeliveryStore } from './delivery-store.ts';
import { MAX_RUN_EVENTS } from './log-runs.ts';
import { migrations } from './migrations.ts';
import type { Store } from './store.ts';
import type { AppendResult, LogEvent } from './types.ts';

const ev = (id: string, user: string) => ({ messageId: id, type: 'track', partitionKey: user, payload: { messageId: id, userId: user, text: 'ü 😀 "q"' } });

async function drain(store: Store, partition: number, after: number, limit: number): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for (let cursor = after; ; ) {
    const page = await store.readLog({ partition, afterSeq: cursor, limit });
    if (page.length === 0) return out;
    out.push(...page);
    cursor = page.at(-1)!.seq;
  }
}

async function rowCount(h: ReturnType<typeof harness>, store: Store): Promise<number> {
  const segments = await h.sql<{ name: string }>(store, 'SELECT name FROM log_segments');
  let n = 0;
  for (const { name } of segments) n += Number((await h.sql<{ n: number }>(store, `SELECT count(*) AS n FROM ${name}`))[0]!.n);
  return n;
}

describe.each(BACKENDS)('event log runs on %s', (backend) => {
  const h = harness(backend);

  it('stores a group commit as one row per (source, partition) and reads from any cursor inside a run', async () => {
    const store = await h.open(await h.location(), { partitions: 4, groupCommit: { delayMs: 20 } });
    const { source, workspace } = await seed(store);
    const other = await store.sources.create({ workspaceId: workspace.id, slug: 'srv', name: 'Server' });
    const users = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];
    const calls = Array.from({ length: 6 }, (_, c) =>
      store.appendEvents(c % 2 ? other.id : source.id, Array.from({ length: 50 }, (_, i) => ev(`c${c}-${i}`, users[(i * 7 + c) % users.length]!))),
    );
    const acked: AppendResult[] = (await Promise.all(calls)).flat();
    expect(acked.every((r) => r.status === 'new')).toBe(true);
    expect(new Set(acked.map((r) => r.seq)).size).toBe(300);
    expect(await store.logHead()).toBe(300);
    const rows = await rowCount(h, store);
    expect(rows).toBeLessThanOrEqual(2 * 4 * store.stats().transactions);
    expect(rows).toBeLessThan(60);
    for (let p = 0; p < 4; p++) {
      const expected = acked.filter((a) => a.partition === p).sort((x, y) => x.seq! - y.seq!);
      for (const limit of [1, 7, 1000]) {
        const got = await drain(store, p, 0, limit);
        expect(got.map((e) => [e.seq, e.messageId])).toEqual(expected.map((a) => [a.seq, a.messageId]));
      }
      // From each position inside the partition: exactly what follows it.
      for (let k = 0; k < expected.length; k += 5) {
        const next = await store.readLog({ partition: p, afterSeq: expected[k]!.seq!, limit: 3 });
        expect(next.map((e) => e.seq)).toEqual(expected.slice(k + 1, k + 4).map((a) => a.seq));
      }
    }
    // Per user, the log keeps each call's order (calls may commit in any order among themselves).
    const byCall = await Promise.all(calls);
    for (const [c, results] of byCall.entries()) {
      for (const u of users) {
        const seqs = results.filter((_, i) => users[(i * 7 + c) % users.length] === u).map((r) => r.seq!);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
    }
    const all = (await Promise.all([0, 1, 2, 3].map((p) => drain(store, p, 0, 50)))).flat();
    expect(all.length).toBe(300);
    expect(JSON.parse(all[0]!.payload).text).toBe('ü 😀 "q"');
    const onlyOther = await store.readLog({ partition: 0, afterSeq: 0, limit: 1000, sourceIds: [other.id] });
    expect(onlyOther.length).toBeGreaterThan(0);
    expect(onlyOther.every((e) => e.sourceId === other.id && e.workspaceId === workspace.id)).toBe(true);
  });

  it(`splits runs longer than ${MAX_RUN_EVENTS} events and counts the backlog past cursors inside runs`, async () => {
    const store = await h.open(await h.location(), { partitions: 2 });
    const { source } = await seed(store);
    const acked = await store.appendEvents(source.id, Array.from({ length: 600 }, (_, i) => ev(`m${i}`, 'solo')));
    expect(acked.map((r) => r.seq)).toEqual(acked.map((_, i) => i + 1));
    expect(await rowCount(h, store)).toBe(3);
    const p = acked[0]!.partition;
    expect((await drain(store, p, 0, 97)).map((e) => e.messageId)).toEqual(acked.map((a) => a.messageId));
    expect((await store.readLog({ partition: p, afterSeq: 255, limit: 3 })).map((e) => e.seq)).toEqual([256, 257, 258]);
    const d = openDeliveryStore(store);
    expect((await d.log.pending(source.id, new Map([[p, 0], [1 - p, 0]]))).count).toBe(600);
    expect((await d.log.pending(source.id, new Map([[p, 300]]))).count).toBe(300);
    expect((await d.log.pending(source.id, new Map([[p, 599]]))).count).toBe(1);
    expect((await d.log.pending(source.id, new Map([[p, 600]]))).count).toBe(0);
  });

  it('finds a duplicate of an event inside a run after a restart', async () => {
    const loc = await h.location();
    const first = await h.open(loc, { partitions: 2 });
    const { source } = await seed(first);
    await first.appendEvents(source.id, Array.from({ length: 20 }, (_, i) => ev(`d${i}`, 'same-user')));
    await first.close();
    const second = await h.open(loc, { partitions: 2 });
    const again = await second.appendEvents(source.id, [ev('d10', 'same-user'), ev('d19', 'same-user'), ev('d20', 'same-user')]);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'new']);
    expect(again[2]!.seq).toBe(21);
  });

  it('reads segments written before runs existed, and appends runs into them after the migration', async () => {
    const loc = await h.location();
    const b =
      loc.backend === 'sqlite'
        ? openSqliteBackend({ dataDir: loc.dataDir! })
        : openPostgresBackend({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: loc.schema! });
    try {
      const migrator = new Migrator({ db: b.db, provider: { getMigrations: async () => migrations }, migrationTableSchema: await b.schemaName() });
      const { error } = await migrator.migrateTo('0009_sso');
      expect(error).toBeUndefined();
      // The segment layout of 0009: one row per event, no last_seq/events columns.
      await sql`CREATE TABLE event_log_20250101 (seq bigint PRIMARY KEY, workspace_id text NOT NULL, source_id text NOT NULL,
        partition integer NOT NULL, message_id text NOT NULL, type text NOT NULL, received_at text NOT NULL, payload text NOT NULL)`.execute(b.db);
      await sql`CREATE INDEX event_log_20250101_partition_seq ON event_log_20250101 (partition, seq)`.execute(b.db);
      await sql`INSERT INTO log_segments (name, day, min_seq, max_seq, created_at) VALUES ('event_log_20250101', '20250101', 1, 2, '2025-01-01T00:00:00.000Z')`.execute(b.db);
      for (const seq of [1, 2]) {
        await sql`INSERT INTO event_log_20250101 VALUES (${seq}, 'ws-old', 'src-old', 0, ${`old${seq}`}, 'track', '2025-01-01T00:00:01.000Z', ${JSON.stringify({ old: seq })})`.execute(b.db);
      }
      await sql`UPDATE log_head SET seq = 2 WHERE id = 1`.execute(b.db);
    } finally {
      await b.close();
    }
    const store = await h.open(loc, { partitions: 1, clock: () => Date.parse('2025-01-01T10:00:00.000Z') });
    const { source } = await seed(store);
    const acked = await store.appendEvents(source.id, [ev('n1', 'u'), ev('n2', 'u'), ev('n3', 'v')]);
    expect(acked.map((r) => r.seq)).toEqual([3, 4, 5]);
    const all = await drain(store, 0, 0, 2);
    expect(all.map((e) => [e.seq, e.messageId])).toEqual([[1, 'old1'], [2, 'old2'], [3, 'n1'], [4, 'n2'], [5, 'n3']]);
    expect(JSON.parse(all[1]!.payload)).toEqual({ old: 2 });
    expect(await rowCount(h, store)).toBe(3);
  });
});
