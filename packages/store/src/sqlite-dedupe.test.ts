import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { harness } from '../test/backends.ts';
import { decodeBlock, encodeBlock, findKey, hashOrder, hashOrderScratch, keyColumns } from './dedupe-block.ts';
import { DedupeBloom, GrowingBloom, bloomCapacity, dedupeHash, dedupeHashOf } from './dedupe-bloom.ts';
import { PendingKeys } from './dedupe-pending.ts';
import { dedupeKey } from './log-append.ts';
import { commitSqliteBatch } from './log-append-sqlite.ts';
import { dedupeBuffer, dedupeStep, flushDedupe } from './sqlite-dedupe.ts';
import { adoptRuns, dedupeDay, hasKey, levelOf, MERGE_FANOUT, openRun } from './sqlite-dedupe-runs.ts';
import type { Store } from './store.ts';
import type { SqliteWriterMode } from './sqlite-writer.ts';

// SQLite-only: PostgreSQL keeps the text-keyed `dedupe` table (log-append.test.ts covers both).
const h = harness('sqlite');

async function dir(): Promise<string> {
  return (await h.location()).dataDir!;
}

/** Opens the store in `dataDir`, creating its workspace and source the first time. */
async function open(dataDir: string, sqliteWriter: SqliteWriterMode, clock: () => number) {
  const store = await h.open({ backend: 'sqlite', dataDir }, { sqliteWriter, clock });
  const ws = (await store.workspaces.list())[0] ?? (await store.workspaces.create({ slug: 'acme', name: 'Acme' }));
  const source = (await store.sources.list(ws.id))[0] ?? (await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' }));
  return { store, source };
}

/** Writes one run of `day` from hash-sorted [hash, seq, seen] entries, and makes this connection's lookups see it. */
function forgeRun(file: SqliteDatabase.Database, day: string, entries: Array<[number, number, number]>): void {
  const run = file.transaction(() => {
    const w = openRun(file, day);
    for (const [h, seq, seen] of entries) w.push(h, seq, seen);
    return w.finish();
  })();
  adoptRuns(file, [run], []);
}

const ev = (id: string) => ({ messageId: id, type: 'track', partitionKey: 'u1', payload: { messageId: id, event: 'Clicked' } });
const statuses = async (store: Store, sourceId: string, ids: string[]) => (await store.appendEvents(sourceId, ids.map(ev))).map((r) => r.status);

describe('dedupe hash and Bloom filter', () => {
  it('hashes into safe integers, spread out, and the filter never forgets a key', () => {
    const bloom = new DedupeBloom(20);
    const hashes = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const h = dedupeHash(`src/${i}-${i * 7919}`);
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      hashes.add(h);
      bloom.add(h);
    }
    expect(hashes.size).toBe(50_000);
    let falseNegatives = 0;
    for (let i = 0; i < 50_000; i++) if (!bloom.mayHave(dedupeHash(`src/${i}-${i * 7919}`))) falseNegatives++;
    expect(falseNegatives).toBe(0);
    // 50k keys in 2^20 bits with 3 probes: ≈ 0.3% false positives expected.
    let falsePositives = 0;
    for (let i = 0; i < 20_000; i++) if (bloom.mayHave(dedupeHash(`other/${i}`))) falsePositives++;
    expect(falsePositives).toBeLessThan(200);
    expect(bloom.count).toBe(50_000);
    // The hash of (source, messageId) without building the key is the hash of the key.
    for (const [src, id] of [['3fKx', 'msg-1'], ['', ''], ['s', 'é😀/x'], ['abc', 'x'.repeat(300)]] as const) expect(dedupeHashOf(src, id)).toBe(dedupeHash(`${src}/${id}`));
    expect(() => new DedupeBloom(40)).toThrow(/bitsLog2 must be an integer in 5\.\.30, got 40/);
  });

  it('grows a filter chain past its capacity, keeping every key and the false-positive rate', () => {
    const bloom = new GrowingBloom();
    const first = bloomCapacity(26);
    const keys = first + 200_000;
    for (let i = 0; i < keys; i++) bloom.add(dedupeHash(`k/${i}`));
    expect(bloom.filters).toBe(2);
    expect(bloom.count).toBe(keys);
    for (let i = 0; i < keys; i += 997) expect(bloom.mayHave(dedupeHash(`k/${i}`))).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 20_000; i++) if (bloom.mayHave(dedupeHash(`absent/${i}`))) falsePositives++;
    // A full first filter (≈ 2 %) and a nearly empty second one.
    expect(falsePositives).toBeLessThan(800);
    // Sized up front for a known key count: one filter big enough.
    expect(new GrowingBloom(first * 3).filters).toBe(1);
  });
});

describe('dedupe blocks', () => {
  it('round-trips sorted keys, finds each one, and names a malformed blob', () => {
    const cols = keyColumns(10);
    for (let i = 0; i < 10; i++) {
      cols.h[i] = i * 1_000_003 + 2 ** 52; // 53-bit values survive
      cols.seq[i] = 100 + i;
      cols.seen[i] = 1_700_000_000_000 + i;
    }
    cols.n = 10;
    const bytes = encodeBlock(cols, 2, 9);
    expect(bytes.byteLength).toBe(7 * 24);
    const block = decodeBlock(bytes);
    expect(block.n).toBe(7);
    expect(findKey(block, cols.h[2]!)).toBe(0);
    expect(findKey(block, cols.h[8]!)).toBe(6);
    expect(block.seq[findKey(block, cols.h[5]!)]).toBe(105);
    expect(block.seen[3]).toBe(1_700_000_000_005);
    expect(findKey(block, cols.h[9]!)).toBe(-1);
    expect(findKey(block, cols.h[2]! + 1)).toBe(-1);
    // An unaligned view (as a pooled Buffer may be) decodes from a copy.
    const shifted = Buffer.alloc(bytes.byteLength + 3);
    bytes.copy(shifted, 3);
    expect(findKey(decodeBlock(shifted.subarray(3)), cols.h[4]!)).toBe(2);
    expect(() => decodeBlock(Buffer.alloc(25))).toThrow(/dedupe block of 25 bytes is not a whole number of keys/);
  });

  it('holds pending keys in a table that grows, newest sighting winning', () => {
    const keys = new PendingKeys(4); // 16 slots: grows several times
    const hashes = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 0 : dedupeHash(`p/${i}`)));
    for (const [i, h] of hashes.entries()) keys.set(h, i + 1, 1000 + i);
    expect(keys.size).toBe(1000);
    for (const [i, h] of hashes.entries()) {
      const slot = keys.find(h);
      expect(keys.seqAt(slot)).toBe(i + 1);
      expect(keys.seenAt(slot)).toBe(1000 + i);
    }
    expect(keys.find(dedupeHash('absent'))).toBe(-1);
    keys.set(hashes[7]!, 5000, 9000); // seen again
    expect(keys.size).toBe(1000);
    expect(keys.seqAt(keys.find(hashes[7]!))).toBe(5000);
    const cols = keys.columns();
    expect(cols.n).toBe(1000);
    expect(new Set(cols.h).size).toBe(1000);
    expect(cols.seq[Array.from(cols.h).indexOf(hashes[7]!)]).toBe(5000);
    // Emptied for reuse: nothing found, and it fills again.
    keys.clear();
    expect(keys.size).toBe(0);
    expect(keys.find(hashes[7]!)).toBe(-1);
    expect(keys.columns().n).toBe(0);
    keys.set(hashes[7]!, 1, 2);
    expect([keys.size, keys.seqAt(keys.find(hashes[7]!))]).toEqual([1, 1]);
  });

  it('orders 53-bit hashes by value, as a numeric sort does', () => {
    const hs = Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? i : Math.floor(Math.random() * 2 ** 53)));
    hs[10] = 2 ** 53 - 1;
    hs[11] = 0;
    hs[12] = 2 ** 32; // digits on both sides of the 32-bit split
    hs[13] = 2 ** 32 - 1;
    const order = hashOrder(hs, hs.length);
    expect(Array.from(order, (i) => hs[i])).toEqual(Array.from(hs).sort((a, b) => a - b));
    expect(new Set(order).size).toBe(hs.length);
    expect(Array.from(hashOrder(Float64Array.of(30, 10, 20), 3))).toEqual([1, 2, 0]);
  });

  it('sorts in reusable work arrays and takes columns into given ones, stale entries never read', () => {
    const scratch = hashOrderScratch(64);
    const big = Float64Array.from({ length: 64 }, (_, i) => dedupeHash(`big/${i}`));
    const first = hashOrder(big, 64, scratch);
    expect(Array.from(first, (i) => big[i])).toEqual(Array.from(big).sort((a, b) => a - b));
    // A smaller sort in the same arrays: an answer of its own length, none of the first's entries.
    const small = Float64Array.of(30, 10, 20);
    expect(Array.from(hashOrder(small, 3, scratch))).toEqual([1, 2, 0]);
    expect(() => hashOrder(big, 65, scratch)).toThrow(/scratch has room for 64 keys, not 65/);

    const keys = new PendingKeys(4);
    for (let i = 0; i < 5; i++) keys.set(dedupeHash(`k/${i}`), i + 1, 100 + i);
    const into = keyColumns(8);
    into.h.fill(7); // stale
    const cols = keys.columns(into);
    expect(cols).toBe(into);
    expect(cols.n).toBe(5);
    expect(Array.from(cols.h.subarray(0, 5)).sort()).toEqual(Array.from(keys.columns().h).sort());
    expect(Array.from(cols.h.subarray(5))).toEqual([7, 7, 7]);
    const tooSmall = keyColumns(4);
    const fresh = keys.columns(tooSmall);
    expect(fresh).not.toBe(tooSmall);
    expect(fresh.n).toBe(5);
  });

  it('levels runs by size: 0 below 32 Ki keys, one more per ×8', () => {
    expect([0, 32_767, 32_768, 50_000, 262_143, 262_144, 3_200_000].map(levelOf)).toEqual([0, 0, 1, 1, 1, 2, 3]);
  });
});

describe('sqlite dedupe runs', () => {
  for (const mode of ['thread', 'inline'] as const) {
    it(`never takes a hash collision for a duplicate (${mode} writer)`, async () => {
      const dataDir = await dir();
      const now = Date.parse('2025-03-04T05:06:07.000Z');
      const first = await open(dataDir, mode, () => now);
      expect(await statuses(first.store, first.source.id, ['a1'])).toEqual(['new']);
      await first.store.close();
      // Forge a collision: a run where the hash of "b1" points at the log row of "a1" (seq 1).
      const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
      forgeRun(file, '20250304', [[dedupeHash(dedupeKey(first.source.id, 'b1')), 1, now]]);
      file.close();
      const second = await open(dataDir, mode, () => now + 1000);
      expect(await statuses(second.store, second.source.id, ['b1', 'a1'])).toEqual(['new', 'duplicate']);
      expect(await second.store.logHead()).toBe(2);
    });
  }

  it('rebuilds the keys of unflushed events from the log after a crash', async () => {
    const dataDir = await dir();
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const first = await open(dataDir, 'thread', () => now);
    const ids = Array.from({ length: 30 }, (_, i) => `r${i}`);
    expect(new Set(await statuses(first.store, first.source.id, ids))).toEqual(new Set(['new']));
    await first.store.close();
    // As if the process died before its write-behind flush: no keys on disk, nothing marked flushed.
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    file.exec('DELETE FROM dedupe_blocks; DELETE FROM dedupe_runs; UPDATE dedupe_flush SET seq = 0');
    file.close();
    const second = await open(dataDir, 'inline', () => now + 1000);
    expect(await statuses(second.store, second.source.id, ['r0', 'r17', 'r29', 'r30'])).toEqual(['duplicate', 'duplicate', 'duplicate', 'new']);
  });

  it('keeps honouring keys of the legacy text table inside the window', async () => {
    const dataDir = await dir();
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const first = await open(dataDir, 'thread', () => now);
    await first.store.close();
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    file.prepare('INSERT INTO dedupe (key, seen_at) VALUES (?, ?)').run(dedupeKey(first.source.id, 'old1'), new Date(now - 3_600_000).toISOString());
    file.close();
    const second = await open(dataDir, 'thread', () => now);
    expect(await statuses(second.store, second.source.id, ['old1', 'old2'])).toEqual(['duplicate', 'new']);
    expect(await second.store.pruneDedupe()).toBe(0);
  });

  it('turns the day tables of older files into runs at open', async () => {
    const dataDir = await dir();
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const first = await open(dataDir, 'inline', () => now);
    expect(await statuses(first.store, first.source.id, ['p1', 'p2', 'p3'])).toEqual(['new', 'new', 'new']);
    await first.store.close();
    // Back to the pre-runs layout: the keys in a day table (h, seq, seen), no runs.
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    file.exec('CREATE TABLE dedupe_hashes_20250304 (h INTEGER PRIMARY KEY, seq INTEGER NOT NULL, seen INTEGER NOT NULL)');
    const legacyKey = file.prepare('INSERT INTO dedupe_hashes_20250304 VALUES (?, ?, ?)');
    for (const [i, id] of ['p1', 'p2', 'p3'].entries()) legacyKey.run(dedupeHashOf(first.source.id, id), i + 1, now);
    // More keys than one page of the conversion reads (their seq is not theirs: never duplicates).
    for (let i = 0; i < 4997; i++) legacyKey.run(dedupeHash(`other/${i}`), 1, now);
    file.exec('DELETE FROM dedupe_blocks; DELETE FROM dedupe_runs');
    file.close();
    const second = await open(dataDir, 'thread', () => now + 1000);
    expect(await statuses(second.store, second.source.id, ['p1', 'p3', 'p4'])).toEqual(['duplicate', 'duplicate', 'new']);
    await second.store.close();
    const check = new SqliteDatabase(join(dataDir, 'junction.sqlite'), { readonly: true });
    try {
      expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name GLOB 'dedupe_hashes_*'").pluck().get()).toBe(0);
      expect(check.prepare('SELECT day, keys FROM dedupe_runs ORDER BY id').all()).toEqual([
        { day: '20250304', keys: 5000 },
        { day: '20250304', keys: 1 },
      ]);
    } finally {
      check.close();
    }
  });

  it('drops the days that left the window and the runs older than a prune', async () => {
    const dataDir = await dir();
    let now = Date.parse('2025-03-01T23:00:00.000Z');
    const { store, source } = await open(dataDir, 'inline', () => now);
    expect(await statuses(store, source.id, ['d1', 'd2'])).toEqual(['new', 'new']);
    now += 2 * 3_600_000; // next day, still inside the 24 h window
    expect(await statuses(store, source.id, ['d1', 'd3'])).toEqual(['duplicate', 'new']);
    expect(await store.pruneDedupe()).toBe(0);
    now += 30 * 3_600_000; // 2025-03-03T07:00: d1, d2 (day 1) and d3 (day 2, 01:00) are all out of the window
    expect(await statuses(store, source.id, ['d1'])).toEqual(['new']);
    // The flush drops day 1 (older than the window's first day); the prune drops day 2's run (all keys before the cutoff).
    expect(await store.pruneDedupe()).toBe(1);
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'), { readonly: true });
    const days = file.prepare('SELECT DISTINCT day FROM dedupe_runs ORDER BY day').pluck().all() as string[];
    const orphans = file.prepare('SELECT count(*) FROM dedupe_blocks WHERE run NOT IN (SELECT id FROM dedupe_runs)').pluck().get();
    file.close();
    expect(days).toEqual(['20250303']);
    expect(orphans).toBe(0);
  });
});

describe('sqlite dedupe run merges', () => {
  // Raw connections opened by rawFile, closed after each test (a test may close its own earlier).
  const opened: SqliteDatabase.Database[] = [];
  afterEach(() => {
    for (const f of opened.splice(0)) if (f.open) f.close();
  });

  /** A raw connection to a fresh store file with one source, and an append of `ids` followed by a flush (one run). */
  async function rawFile(now: number) {
    const dataDir = await dir();
    const { store, source } = await open(dataDir, 'inline', () => now);
    await store.appendEvents(source.id, [ev('first')]); // creates today's segment table
    await store.close();
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    opened.push(file);
    const append = (ids: string[]) => {
      const events = ids.map((id) => ({ messageId: id, type: 'track', partition: 0, payload: '{}', receivedAt: undefined }));
      commitSqliteBatch(file, [{ sourceId: source.id, workspaceId: source.workspaceId, events }], { nowMs: now, dedupeWindowMs: 86_400_000, ddl: () => [], flushDedupe: false });
    };
    const run = (ids: string[]) => {
      append(ids);
      return flushDedupe(file);
    };
    const isDuplicate = (id: string) => {
      const buffer = dedupeBuffer(file);
      return buffer.has(dedupeHashOf(source.id, id), source.id, id, now - 86_400_000, buffer.window(now, 86_400_000));
    };
    return { file, dataDir, source, append, run, isDuplicate };
  }

  it('flushes in slices into one run, every key findable meanwhile, and marks the flush at the end', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, append, isDuplicate } = await rawFile(now);
    const mark = () => file.prepare('SELECT seq FROM dedupe_flush').pluck().get() as number;
    const runs = () => file.prepare('SELECT level, keys FROM dedupe_runs ORDER BY id').all();
    // Seq 1 is "first" (flushed at open); three batches of five: seqs 2–16.
    for (const b of ['a', 'b', 'c']) append(Array.from({ length: 5 }, (_, i) => `${b}${i}`));
    const steps: Array<{ written: number; done: boolean }> = [];
    for (;;) {
      const step = dedupeStep(file, steps.length === 0, 1, 4); // four keys per step
      steps.push(step);
      for (const id of ['a0', 'b1', 'b4', 'c2', 'first']) expect(isDuplicate(id)).toBe(true);
      expect(isDuplicate('never-sent')).toBe(false);
      if (step.done) break;
      expect(mark()).toBe(1);
      expect(dedupeBuffer(file).size).toBe(steps.length === 1 ? 15 : 16);
      // Keys appended meanwhile wait for the next flush.
      if (steps.length === 1) append(['late']);
    }
    expect(steps).toEqual([{ written: 4, done: false }, { written: 4, done: false }, { written: 4, done: false }, { written: 3, done: true }]);
    expect(mark()).toBe(16);
    expect(runs()).toEqual([{ level: 0, keys: 1 }, { level: 0, keys: 15 }]);
    expect(dedupeBuffer(file).size).toBe(1);
    expect(dedupeStep(file, false)).toEqual({ written: 0, done: true }); // nothing starts unless asked
    expect(dedupeStep(file, true)).toEqual({ written: 1, done: true });
    expect(mark()).toBe(17);
    expect(isDuplicate('late')).toBe(true);
  });

  it('writes each flush from its own keys when the next flush reuses the arrays of a bigger one', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, source, append, isDuplicate } = await rawFile(now);
    const big = Array.from({ length: 40 }, (_, i) => `big${i}`);
    const small = Array.from({ length: 6 }, (_, i) => `small${i}`);
    append(big);
    expect(dedupeStep(file, true, 1, 16)).toEqual({ written: 16, done: false }); // the snapshot is taken
    append(small); // arrive while the first flush is under way: they wait in the buffer
    while (!dedupeStep(file, false, 1, 16).done) {}
    expect(dedupeStep(file, true, 1, 16)).toEqual({ written: 6, done: true }); // the same arrays, 6 keys
    const runKeys = (keys: number) => {
      const run = file.prepare('SELECT id FROM dedupe_runs WHERE keys = ?').pluck().get(keys) as number;
      const blocks = file.prepare('SELECT data FROM dedupe_blocks WHERE run = ? ORDER BY first_h').pluck().all(run) as Buffer[];
      return blocks.flatMap((b) => Array.from(decodeBlock(b).h));
    };
    const hashes = (ids: string[]) => ids.map((id) => dedupeHashOf(source.id, id)).sort((a, b) => a - b);
    expect(runKeys(40)).toEqual(hashes(big));
    expect(runKeys(6)).toEqual(hashes(small));
    expect(dedupeBuffer(file).size).toBe(0);
    for (const id of [...big, ...small]) expect(isDuplicate(id)).toBe(true);
    expect(isDuplicate('never-sent')).toBe(false);
  });

  it('teaches a Bloom filter built from disk in the middle of a flush the keys written before it', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, append, isDuplicate } = await rawFile(now);
    const ids = Array.from({ length: 12 }, (_, i) => `k${i}`);
    append(ids); // its lookups build the day's filter, which the flush's first slice then feeds
    expect(dedupeStep(file, true, 1, 4)).toEqual({ written: 4, done: false });
    // The filter is rebuilt from disk now (as a new day entry would be): it lacks the run being written.
    const day = dedupeDay(file, '20250304')!;
    day.built = undefined;
    expect(isDuplicate('never-sent')).toBe(false);
    while (!dedupeStep(file, false, 1, 4).done) {}
    expect(dedupeBuffer(file).size).toBe(0);
    // Only the filter can answer now (the buffer is empty): every key of the flush is in it.
    for (const id of ids) expect(isDuplicate(id)).toBe(true);
  });

  it("merges a level's runs in steps, every key findable meanwhile, into one run", async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, run, isDuplicate } = await rawFile(now);
    const ids: string[] = [];
    for (let r = 0; r < MERGE_FANOUT; r++) {
      const batch = Array.from({ length: 300 }, (_, i) => `m${r}-${i}`);
      expect(run(batch)).toBe(300);
      ids.push(...batch);
    }
    const runs = () => file.prepare('SELECT level, keys FROM dedupe_runs ORDER BY id').all();
    // The first flush (at open) wrote "first"; the merge takes the oldest MERGE_FANOUT level-0 runs.
    expect(runs()).toHaveLength(MERGE_FANOUT + 1);
    const steps: Array<{ written: number; done: boolean }> = [];
    for (;;) {
      const step = dedupeStep(file, false, 1); // one block (1024 keys) per step
      steps.push(step);
      for (const id of [ids[0]!, ids[777]!, ids[2399]!, 'first']) expect(isDuplicate(id)).toBe(true);
      expect(isDuplicate('never-sent')).toBe(false);
      if (step.done) break;
    }
    expect(steps.map((s) => s.written)).toEqual([1024, 1024, 2400 - 2048 + 1 - 300]);
    expect(runs()).toEqual([
      { level: 0, keys: 300 },
      { level: 0, keys: 2101 },
    ]);
    for (const id of ids) expect(isDuplicate(id)).toBe(true);
    expect(file.prepare('SELECT count(*) FROM dedupe_blocks').pluck().get()).toBe(1 + 3);
  });

  it('ends a step at its time budget once it wrote a block, for flushes and merges alike', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, append, run, isDuplicate } = await rawFile(now);
    const ids = Array.from({ length: 2500 }, (_, i) => `t${i}`);
    append(ids);
    const flushSteps: number[] = [];
    for (;;) {
      const step = dedupeStep(file, flushSteps.length === 0, 64, 65_536, 0); // the budget is spent at once
      flushSteps.push(step.written);
      if (step.done) break;
    }
    expect(flushSteps).toEqual([1024, 1024, 452]);
    // A budget that does not run out leaves the caps in charge: the whole flush in one step.
    const more = Array.from({ length: 2500 }, (_, i) => `u${i}`);
    append(more);
    expect(dedupeStep(file, true, 64, 65_536, 60_000)).toEqual({ written: 2500, done: true });
    // Merges: MERGE_FANOUT level-0 runs ("first" and the two above among them) of 4,700 keys in all.
    for (let r = 0; r < MERGE_FANOUT - 3; r++) run([`v${r}`]);
    const mergeSteps: number[] = [];
    for (;;) {
      const step = dedupeStep(file, false, 64, 65_536, 0);
      mergeSteps.push(step.written);
      if (step.done) break;
    }
    expect(mergeSteps).toEqual([1024, 1024, 1024, 1024, 5006 - 4096]);
    const runs = file.prepare('SELECT level, keys FROM dedupe_runs').all();
    expect(runs).toEqual([{ level: 0, keys: 5006 }]);
    for (const id of [...ids, ...more, 'first', 'v0']) expect(isDuplicate(id)).toBe(true);
    expect(isDuplicate('never-sent')).toBe(false);
  });

  it('keeps the newest sighting of a hash even when the runs were merged out of order', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file } = await rawFile(now);
    const H = 987_654_321;
    const write = (entries: Array<[number, number, number]>) => forgeRun(file, '20250304', entries);
    // "first" (from the open) + 7 runs, the first of them with H seen at 1000: a merge starts.
    write([[H, 1, 1000]]);
    for (let r = 0; r < 6; r++) write([[H + 1 + r, 1, 1000]]);
    expect(dedupeStep(file, false, 0).done).toBe(false);
    // Meanwhile H is seen again (seq 9, at 9000), in a run that joins the next merge with the first one's output.
    write([[H, 9, 9000]]);
    for (let r = 0; r < 6; r++) write([[H + 100 + r, 1, 2000]]);
    while (!dedupeStep(file, false).done) {}
    const day = dedupeDay(file, '20250304')!;
    expect(day.runs).toHaveLength(1);
    expect(hasKey(file, day, H, 5000, (seq) => seq === 9)).toBe(true);
  });

  it('leaves the runs of the appending connection alone when another store opens the file', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, dataDir, run } = await rawFile(now);
    for (let r = 0; r < MERGE_FANOUT; r++) run(Array.from({ length: 300 }, (_, i) => `o${r}-${i}`));
    expect(dedupeStep(file, false, 1)).toEqual({ written: 1024, done: false }); // a merge is half written
    // A store that only reads or delivers (the engine thread's, a worker's) opens the same file.
    const reader = await h.open({ backend: 'sqlite', dataDir }, { sqliteWriter: 'inline', clock: () => now });
    expect(await reader.logHead()).toBeGreaterThan(0);
    await reader.close();
    while (!dedupeStep(file, false).done) {}
    expect(file.prepare('SELECT sum(keys) FROM dedupe_runs WHERE level >= 0').pluck().get()).toBe(1 + MERGE_FANOUT * 300);
    expect(file.prepare('SELECT count(*) FROM dedupe_blocks WHERE run NOT IN (SELECT id FROM dedupe_runs)').pluck().get()).toBe(0);
  });

  it('keeps the newest entry of a hash found in several runs', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file } = await rawFile(now);
    const h = 123_456_789;
    for (let r = 0; r < MERGE_FANOUT; r++) {
      forgeRun(file, '20250304', [
        [h, 1000 + r, now],
        [h + 1 + r, 1, now],
      ]);
    }
    while (!dedupeStep(file, false, 4).done) {}
    const day = dedupeDay(file, '20250304')!;
    expect(day.runs.map((r) => r.keys)).toEqual([2, 1 + MERGE_FANOUT]);
    expect(hasKey(file, day, h, 0, (seq) => seq === 1000 + MERGE_FANOUT - 1)).toBe(true);
    expect(hasKey(file, day, h, 0, (seq) => seq === 1000)).toBe(false);
  });

  it('drops what a crash left of a merge at the next open, and the inputs still answer', async () => {
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { file, dataDir, source, run } = await rawFile(now);
    const ids: string[] = [];
    for (let r = 0; r < MERGE_FANOUT; r++) {
      const batch = Array.from({ length: 300 }, (_, i) => `c${r}-${i}`);
      run(batch);
      ids.push(...batch);
    }
    expect(dedupeStep(file, false, 1)).toEqual({ written: 1024, done: false });
    expect(file.prepare('SELECT count(*) FROM dedupe_runs WHERE level < 0').pluck().get()).toBe(1);
    file.close(); // the process dies mid-merge
    const { store } = await open(dataDir, 'thread', () => now + 1000);
    expect((await store.appendEvents(source.id, [ids[5]!, ids[1500]!, 'fresh'].map(ev))).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'new']);
    await store.close();
    const check = new SqliteDatabase(join(dataDir, 'junction.sqlite'), { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM dedupe_runs WHERE level < 0').pluck().get()).toBe(0);
      expect(check.prepare('SELECT count(*) FROM dedupe_blocks WHERE run NOT IN (SELECT id FROM dedupe_runs)').pluck().get()).toBe(0);
    } finally {
      check.close();
    }
  });
});
