import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.ts';
import type { AppendJob } from './log-append.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';
import { decodeJobs, decodeResults, encodeJobs, encodeResults } from './sqlite-writer-codec.ts';
import { type SqliteWriterMode, startSqliteWriter } from './sqlite-writer.ts';
import { openDeliveryStore } from './delivery-store.ts';
import SqliteDatabase from 'better-sqlite3';
import { MERGE_FANOUT, openRun } from './sqlite-dedupe-runs.ts';

// The writer thread exists only on SQLite, so this file is SQLite-only; every other store test
// (log-append, crash, log-read…) also runs through the default writer on SQLite.
const dirs: string[] = [];
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'junction-writer-'));
  dirs.push(d);
  return d;
}

async function open(dataDir: string, sqliteWriter: SqliteWriterMode, clock = () => Date.parse('2025-03-04T05:06:07.000Z')) {
  const store = await openStore({ dataDir, sqliteWriter, clock });
  stores.push(store);
  return store;
}

async function seed(store: Store) {
  const ws = await store.workspaces.create({ slug: 'acme', name: 'Acme' });
  return store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
}

const ev = (id: string, user: string | null = 'u1', receivedAt?: string) => ({
  messageId: id,
  type: 'track',
  partitionKey: user,
  payload: { messageId: id, event: 'Clicked', text: 'a:1:-"\n\u0000é😀' },
  ...(receivedAt ? { receivedAt } : {}),
});

async function readAll(store: Store) {
  const all = [];
  for (let p = 0; p < store.partitions; p++) all.push(...(await store.readLog({ partition: p, afterSeq: 0, limit: 10_000 })));
  return all.sort((a, b) => a.seq - b.seq).map(({ seq, messageId, partition, payload, receivedAt, type }) => ({ seq, messageId, partition, payload, receivedAt, type }));
}

describe('sqlite writer codec', () => {
  it('round-trips any text, absent receivedAt and results', () => {
    const jobs: AppendJob[] = [
      { sourceId: 'src:1', workspaceId: '', events: [
        { messageId: '12:ab', type: 't', partition: 7, payload: '{"x":"-:\\n"}', receivedAt: undefined },
        { messageId: '-', type: 'identify', partition: 0, payload: 'é😀\u0000', receivedAt: '2025-01-01T00:00:00.000Z' },
      ] },
      { sourceId: 's2', workspaceId: 'w', events: [] },
    ];
    const back = decodeJobs(encodeJobs(jobs));
    expect(back).toEqual(jobs);
    // Into a spare buffer that is large enough, and past one that is too small.
    const spare = new ArrayBuffer(4 << 20);
    const into = encodeJobs(jobs, spare);
    expect(into.bytes.buffer).toBe(spare);
    expect(decodeJobs(into)).toEqual(jobs);
    const small = new ArrayBuffer(8);
    const grown = encodeJobs(jobs, small);
    expect(grown.bytes.buffer).not.toBe(small);
    expect(decodeJobs(grown)).toEqual(jobs);
    const seqs = encodeResults([[{ messageId: '12:ab', status: 'new', seq: 41, partition: 7 }, { messageId: '-', status: 'duplicate', seq: null, partition: 0 }], []]);
    expect(decodeResults(jobs, seqs)).toEqual([
      [{ messageId: '12:ab', status: 'new', seq: 41, partition: 7 }, { messageId: '-', status: 'duplicate', seq: null, partition: 0 }],
      [],
    ]);
  });

  it('rejects malformed input naming the offset', () => {
    const bytes = (text: string) => new Uint8Array(Buffer.from(text));
    expect(() => decodeJobs({ bytes: bytes('abcshort'), meta: Float64Array.from([1, 3, 9]) })).toThrow(/malformed batch at offset 3/);
    expect(() => decodeJobs({ bytes: bytes('sw'), meta: Float64Array.from([2, 1, 1, 1, 1]) })).toThrow(/malformed batch at offset 2/);
    expect(() => decodeJobs({ bytes: bytes('swextra'), meta: Float64Array.from([0, 1, 1]) })).toThrow(/malformed batch at offset 2/);
  });
});

describe('sqliteWriter option', () => {
  it('thread and inline writers produce the same results and the same log', async () => {
    const outcomes = [];
    for (const mode of ['thread', 'inline'] as const) {
      const store = await open(dir(), mode);
      const source = await seed(store);
      const calls = await Promise.all([
        store.appendEvents(source.id, [ev('a'), ev('b', 'bob'), ev('a')]),
        store.appendEvents(source.id, Array.from({ length: 150 }, (_, i) => ev(`m${i}`, `u${i % 5}`))),
        store.appendEvents(source.id, [ev('c', null, '2025-01-02T03:04:05.678Z')]),
      ]);
      const again = await store.appendEvents(source.id, [ev('b'), ev('d')]);
      outcomes.push({ calls, again, log: await readAll(store), head: await store.logHead() });
    }
    const [thread, inline] = outcomes;
    expect(thread!.calls[0]!.map((r) => r.status)).toEqual(['new', 'new', 'duplicate']);
    expect(thread!.again.map((r) => r.status)).toEqual(['duplicate', 'new']);
    expect(thread!.head).toBe(154);
    expect(thread!.log).toHaveLength(154);
    expect(thread!.log.find((e) => e.messageId === 'c')!.receivedAt).toBe('2025-01-02T03:04:05.678Z');
    expect(JSON.parse(thread!.log[0]!.payload)).toEqual(ev('a').payload);
    expect(thread).toEqual(inline);
  });

  it('keeps dedupe across a restart, whichever writer runs next', async () => {
    const dataDir = dir();
    const first = await open(dataDir, 'thread');
    const source = await seed(first);
    await first.appendEvents(source.id, [ev('x1'), ev('x2')]);
    await first.close();
    const second = await open(dataDir, 'inline');
    expect((await second.appendEvents(source.id, [ev('x1'), ev('x3')])).map((r) => r.status)).toEqual(['duplicate', 'new']);
    await second.close();
    const third = await open(dataDir, 'thread');
    expect((await third.appendEvents(source.id, [ev('x2'), ev('x3'), ev('x4')])).map((r) => r.seq)).toEqual([null, null, 4]);
  });

  it('shares one writer between two stores of one file: unique seqs, dedupe across both', async () => {
    const dataDir = dir();
    const a = await open(dataDir, 'thread');
    const source = await seed(a);
    const b = await open(dataDir, 'thread');
    const [ra, rb] = await Promise.all([
      a.appendEvents(source.id, Array.from({ length: 50 }, (_, i) => ev(`k${i}`))),
      b.appendEvents(source.id, Array.from({ length: 50 }, (_, i) => ev(`k${i + 25}`))),
    ]);
    const all = [...ra, ...rb];
    expect(all.filter((r) => r.status === 'new')).toHaveLength(75);
    expect(new Set(all.filter((r) => r.seq !== null).map((r) => r.seq)).size).toBe(75);
    await a.close();
    expect((await b.appendEvents(source.id, [ev('k0'), ev('k99')])).map((r) => r.status)).toEqual(['duplicate', 'new']);
  });

  it('commits delivery lanes on the writer thread: lease verdicts and errors come back per lane', async () => {
    const dataDir = dir();
    const T0 = Date.parse('2025-03-04T05:06:07.000Z');
    const store = await open(dataDir, 'inline');
    const source = await seed(store);
    const dest = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: '0.1.0', name: 'Hook' });
    const d = openDeliveryStore(store);
    await d.cursors.ensure(dest.id, store.partitions, 0, T0);
    await d.cursors.acquire(dest.id, 0, 'a', T0, 60_000);
    await d.cursors.acquire(dest.id, 2, 'a', T0, 60_000);
    const lane = (partition: number, cursorSeq: number) => ({
      destinationId: dest.id, partition, owner: 'a', now: T0, cursorSeq, insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [],
    });
    const writer = await startSqliteWriter({ path: join(dataDir, 'junction.sqlite'), synchronous: 'FULL', busyTimeoutMs: 5000 });
    try {
      // Lane 1 was never acquired by "a": false, nothing written; lanes 0 and 2 commit.
      expect(await writer.commitLanes([lane(0, 40), lane(1, 50), lane(2, 60)])).toEqual([
        { status: 'fulfilled', value: true }, { status: 'fulfilled', value: false }, { status: 'fulfilled', value: true },
      ]);
      // A statement error travels back as that lane's rejection, with SQLite's code.
      const bad = { ...lane(0, 70), failures: [{ id: 'f1' } as never] };
      const [settled] = await writer.commitLanes([bad]);
      expect(settled!.status).toBe('rejected');
      expect(String((settled as PromiseRejectedResult).reason.message)).toMatch(/NOT NULL|constraint|undefined/i);
    } finally {
      await writer.close();
    }
    expect(await d.cursors.acquire(dest.id, 0, 'a', T0, 60_000)).toBe(40);
    expect(await d.cursors.acquire(dest.id, 2, 'a', T0, 60_000)).toBe(60);
    expect(await d.cursors.acquire(dest.id, 1, 'b', T0, 60_000)).toBe(0);
  });

  it('routes store.commitLanes to the writer thread once appends started it, with the same results', async () => {
    const T0 = Date.parse('2025-03-04T05:06:07.000Z');
    const store = await open(dir(), 'thread');
    const source = await seed(store);
    const dest = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: '0.1.0', name: 'Hook' });
    const d = openDeliveryStore(store);
    await d.cursors.ensure(dest.id, store.partitions, 0, T0);
    await d.cursors.acquire(dest.id, 3, 'a', T0, 60_000);
    await store.appendEvents(source.id, [ev('w1')]);
    const lane = { destinationId: dest.id, partition: 3, owner: 'a', now: T0, cursorSeq: 1, insertRetries: [], updateRetries: [], deleteRetries: [], failures: [], promoteUsers: [] };
    expect(await d.commitLane(lane)).toBe(true);
    expect(await d.commitLane({ ...lane, owner: 'b' })).toBe(false);
    expect(await d.cursors.acquire(dest.id, 3, 'a', T0, 60_000)).toBe(1);
  });

  it('answers batches between the steps of a long dedupe merge', async () => {
    const dataDir = dir();
    const first = await open(dataDir, 'thread');
    const source = await seed(first);
    await first.close();
    // MERGE_FANOUT level-0 runs of 30k keys: a merge of some 30 steps, which the writer's timer starts.
    const raw = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    try {
      let h = 1;
      for (let r = 0; r < MERGE_FANOUT; r++) {
        raw.transaction(() => {
          const run = openRun(raw, '20250304');
          for (let i = 0; i < 30_000; i++) {
            h += 7919;
            run.push(h, r + 1, Date.parse('2025-03-04T05:00:00.000Z'));
          }
          run.finish();
        })();
      }
      const store = await open(dataDir, 'thread');
      await store.appendEvents(source.id, [ev('starts-the-writer')]);
      const merging = raw.prepare('SELECT count(*) FROM dedupe_runs WHERE level < 0').pluck();
      const deadline = Date.now() + 10_000;
      while (merging.get() === 0) {
        if (Date.now() > deadline) throw new Error('the merge never started');
        await new Promise((r) => setTimeout(r, 1));
      }
      const during = await store.appendEvents(source.id, [ev('during-the-merge')]);
      expect(during.map((r) => r.status)).toEqual(['new']);
      // Answered while the merge still runs: the batch did not wait behind all of its steps.
      expect(merging.get()).toBe(1);
      await store.close();
      // Closing dropped the merge under way (its inputs stay), and every key still answers.
      expect(merging.get()).toBe(0);
      const again = await open(dataDir, 'thread');
      expect((await again.appendEvents(source.id, [ev('during-the-merge'), ev('starts-the-writer'), ev('after')])).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'new']);
      await again.close();
    } finally {
      raw.close();
    }
  });

  it('has its checkpointer copy committed WAL frames into the file long before the auto-checkpoint would', async () => {
    const dataDir = dir();
    const store = await open(dataDir, 'thread');
    const source = await seed(store);
    const path = join(dataDir, 'junction.sqlite');
    const before = statSync(path).size;
    const big = 'x'.repeat(20_000);
    for (let b = 0; b < 2; b++) {
      const events = Array.from({ length: 100 }, (_, i) => ({ ...ev(`big-${b}-${i}`), payload: { messageId: `big-${b}-${i}`, big } }));
      expect((await store.appendEvents(source.id, events)).every((r) => r.status === 'new')).toBe(true);
    }
    // 4 MB committed: SQLite's own auto-checkpoint waits for 1,000 pages (16 MB) of WAL.
    const deadline = Date.now() + 10_000;
    while (statSync(path).size < before + (4 << 20) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(statSync(path).size).toBeGreaterThanOrEqual(before + (4 << 20));
    await store.close();
  });

  it('rejects an unknown writer mode by name', async () => {
    await expect(openStore({ dataDir: dir(), sqliteWriter: 'fast' as SqliteWriterMode })).rejects.toThrow(InvalidInputError);
    await expect(openStore({ dataDir: dir(), sqliteWriter: 'fast' as SqliteWriterMode })).rejects.toThrow(/sqliteWriter must be 'thread' or 'inline', got "fast"/);
  });
});
