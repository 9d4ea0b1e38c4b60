/**
 * bench/ingest/dedupe-flush: what writing a second's worth of dedupe keys (50,000) costs the SQLite
 * writer as the day fills up, for the two layouts side by side in one run:
 *
 * - "B-tree day table" (before): `dedupe_hashes_<day> (h INTEGER PRIMARY KEY, seq, seen)`, the
 *   keys upserted hash-sorted in 4,096-key transactions (the layout this store used until runs).
 * - "sorted runs" (now): the store's own write-behind code (sqlite-dedupe.ts): one run per flush,
 *   written in slices, plus the merges the flushes trigger, all counted.
 *
 * Each row measures 4 flushes once the day holds that many keys. CPU time is the process's
 * (user + system): this VM's write syscalls are part of the cost.
 *
 *   pnpm --filter @junction/bench exec tsx ingest/dedupe-flush.ts
 *   SIZES=50000,1000000 pnpm --filter @junction/bench exec tsx ingest/dedupe-flush.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '@junction/store';
import { dedupeBuffer, dedupeStep } from '../../packages/store/src/sqlite-dedupe.ts';

const sizes = (process.env.SIZES ?? '50000,1000000,5000000,20000000').split(',').map(Number);
const FLUSH = 50_000;
const ROUNDS = 4;
const random = () => Math.floor(Math.random() * 2 ** 53);

/** A store file with its schema (segments, legacy dedupe table), opened raw as the writer thread does. */
async function rawFile(): Promise<{ file: SqliteDatabase.Database; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-dedupe-bench-'));
  await (await openStore({ dataDir: dir, sqliteWriter: 'inline' })).close();
  const file = new SqliteDatabase(join(dir, 'junction.sqlite'));
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('cache_size = -65536');
  return { file, dir };
}

function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** µs of CPU per key of ROUNDS flushes into a B-tree day table grown to each size. */
async function btree(): Promise<number[]> {
  const { file, dir } = await rawFile();
  try {
    file.exec('CREATE TABLE day (h INTEGER PRIMARY KEY, seq INTEGER NOT NULL, seen INTEGER NOT NULL)');
    const upsert = file.prepare('INSERT INTO day (h, seq, seen) VALUES (?, ?, ?) ON CONFLICT (h) DO UPDATE SET seq = excluded.seq, seen = excluded.seen');
    let held = 0;
    let seq = 0;
    const out: number[] = [];
    for (const size of sizes) {
      // Grow to `size` cheaply (one sorted bulk insert), then measure flushes as the store made them.
      const grow = Float64Array.from({ length: Math.max(0, size - held) }, random).sort();
      file.transaction(() => {
        for (const h of grow) upsert.run(h, ++seq, Date.now());
      })();
      held = size;
      const start = process.cpuUsage();
      for (let r = 0; r < ROUNDS; r++) {
        const keys = Float64Array.from({ length: FLUSH }, random).sort();
        for (let i = 0; i < keys.length; i += 4096) {
          file
            .transaction(() => {
              for (const h of keys.subarray(i, i + 4096)) upsert.run(h, ++seq, Date.now());
            })
            .immediate();
        }
      }
      out.push((cpuMs(start) * 1000) / (ROUNDS * FLUSH));
      held += ROUNDS * FLUSH;
    }
    return out;
  } finally {
    file.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * µs of CPU per key of ROUNDS flushes (and the merges they cause) through the store's runs, the day
 * grown by real flushes; and the average over every flush since the day began (all merges amortised).
 */
async function runs(): Promise<Array<[number, number]>> {
  const { file, dir } = await rawFile();
  try {
    const buffer = dedupeBuffer(file);
    let held = 0;
    let seq = 0;
    const flushOnce = () => {
      const hashes = Array.from({ length: FLUSH }, random);
      const seqs = hashes.map(() => ++seq);
      buffer.add(hashes, seqs, Date.now());
      for (let first = true; !dedupeStep(file, first).done; first = false) {}
    };
    const out: Array<[number, number]> = [];
    const origin = process.cpuUsage();
    for (const size of sizes) {
      while (held < size) {
        flushOnce();
        held += FLUSH;
      }
      const start = process.cpuUsage();
      for (let r = 0; r < ROUNDS; r++) flushOnce();
      held += ROUNDS * FLUSH;
      out.push([(cpuMs(start) * 1000) / (ROUNDS * FLUSH), (cpuMs(origin) * 1000) / held]);
    }
    return out;
  } finally {
    file.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const before = await btree();
const now = await runs();
console.log(`\nbench/ingest/dedupe-flush — ${ROUNDS} flushes of ${FLUSH.toLocaleString('en-US')} keys per row, Node ${process.version}; 1-min load average ${loadavg()[0]!.toFixed(2)}\n`);
console.log('| keys already in the day | B-tree day table (before), µs CPU/key | sorted runs incl. merges (now), µs CPU/key | runs, average since the day began |');
console.log('| ---: | ---: | ---: | ---: |');
for (const [i, size] of sizes.entries()) {
  console.log(`| ${size.toLocaleString('en-US')} | ${before[i]!.toFixed(2)} | ${now[i]![0].toFixed(2)} | ${now[i]![1].toFixed(2)} |`);
}
