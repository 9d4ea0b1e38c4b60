import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { harness } from '../test/backends.ts';
import { DedupeBloom, dedupeHash, dedupeHashOf } from './dedupe-bloom.ts';
import { dedupeKey } from './log-append.ts';
import { commitSqliteBatch } from './log-append-sqlite.ts';
import { dedupeBuffer, flushDedupeStep } from './sqlite-dedupe.ts';
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
});

describe('sqlite dedupe day tables', () => {
  for (const mode of ['thread', 'inline'] as const) {
    it(`never takes a hash collision for a duplicate (${mode} writer)`, async () => {
      const dataDir = await dir();
      const now = Date.parse('2025-03-04T05:06:07.000Z');
      const first = await open(dataDir, mode, () => now);
      expect(await statuses(first.store, first.source.id, ['a1'])).toEqual(['new']);
      await first.store.close();
      // Forge a collision: the hash of "b1" points at the log row of "a1".
      const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
      const row = file.prepare('SELECT seq FROM dedupe_hashes_20250304').get() as { seq: number };
      file.prepare('INSERT INTO dedupe_hashes_20250304 (h, seq, seen) VALUES (?, ?, ?)').run(dedupeHash(dedupeKey(first.source.id, 'b1')), row.seq, now);
      file.close();
      const second = await open(dataDir, mode, () => now + 1000);
      expect(await statuses(second.store, second.source.id, ['b1', 'a1'])).toEqual(['new', 'duplicate']);
      expect(await second.store.logHead()).toBe(2);
    });
  }

  it('rebuilds the keys of unflushed runs from the log after a crash', async () => {
    const dataDir = await dir();
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const first = await open(dataDir, 'thread', () => now);
    const ids = Array.from({ length: 30 }, (_, i) => `r${i}`);
    expect(new Set(await statuses(first.store, first.source.id, ids))).toEqual(new Set(['new']));
    await first.store.close();
    // As if the process died before its write-behind flush: no keys on disk, nothing marked flushed.
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    file.exec('DELETE FROM dedupe_hashes_20250304; UPDATE dedupe_flush SET seq = 0');
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

  it('drops the day tables that left the window and forgets their keys', async () => {
    const dataDir = await dir();
    let now = Date.parse('2025-03-01T23:00:00.000Z');
    const { store, source } = await open(dataDir, 'inline', () => now);
    expect(await statuses(store, source.id, ['d1', 'd2'])).toEqual(['new', 'new']);
    now += 2 * 3_600_000; // next day, still inside the 24 h window
    expect(await statuses(store, source.id, ['d1', 'd3'])).toEqual(['duplicate', 'new']);
    expect(await store.pruneDedupe()).toBe(0);
    now += 30 * 3_600_000; // 2025-03-03T07:00: d1, d2 (day 1) and d3 (day 2, 01:00) are all out of the window
    expect(await statuses(store, source.id, ['d1'])).toEqual(['new']);
    // The flush drops day 1's table (older than the window's first day); the prune empties day 2 up to the cutoff.
    expect(await store.pruneDedupe()).toBe(1);
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'), { readonly: true });
    const tables = (file.prepare("SELECT name FROM sqlite_master WHERE name GLOB 'dedupe_hashes_*' ORDER BY name").pluck().all() as string[]);
    file.close();
    expect(tables).toEqual(['dedupe_hashes_20250302', 'dedupe_hashes_20250303']);
  });
});

describe('sqlite dedupe flush in steps', () => {
  it('writes the buffer in sorted slices, keeps every key findable meanwhile, and marks the flush at the end', async () => {
    const dataDir = await dir();
    const now = Date.parse('2025-03-04T05:06:07.000Z');
    const { store, source } = await open(dataDir, 'inline', () => now);
    await store.appendEvents(source.id, [ev('first')]); // creates today's segment table
    await store.close();
    const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'));
    try {
      const events = Array.from({ length: 10 }, (_, i) => ({ messageId: `s${i}`, type: 'track', partition: 0, payload: '{}', receivedAt: undefined }));
      const ddl = () => [];
      commitSqliteBatch(file, [{ sourceId: source.id, workspaceId: source.workspaceId, events }], { nowMs: now, dedupeWindowMs: 86_400_000, ddl, flushDedupe: false });
      const buffer = dedupeBuffer(file);
      expect(buffer.size).toBe(10);
      const rows = () => (file.prepare('SELECT count(*) FROM dedupe_hashes_20250304').pluck().get() as number) ?? 0;
      const mark = () => file.prepare('SELECT seq FROM dedupe_flush').pluck().get() as number;
      const steps: Array<{ written: number; done: boolean }> = [];
      for (;;) {
        const step = flushDedupeStep(file, 4);
        steps.push(step);
        // Written or not, every key is still a duplicate.
        const tables = buffer.window(now, 86_400_000);
        for (const e of events) expect(buffer.has(dedupeHashOf(source.id, e.messageId), source.id, e.messageId, now - 86_400_000, tables)).toBe(true);
        if (step.done) break;
        expect(mark()).toBe(1);
      }
      expect(steps).toEqual([{ written: 4, done: false }, { written: 4, done: false }, { written: 2, done: true }]);
      expect(rows()).toBe(11);
      expect(mark()).toBe(11);
      expect(buffer.size).toBe(0);
      expect(flushDedupeStep(file, 4)).toEqual({ written: 0, done: true });
    } finally {
      file.close();
    }
  });
});
