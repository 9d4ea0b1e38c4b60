import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from './sqlite-checkpointer.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'junction-checkpointer-'));
  dirs.push(d);
  return d;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A WAL file whose own connection never checkpoints, with 8 MB committed in 1 MB transactions. */
function walWith8Mb(path: string): SqliteDatabase.Database {
  const file = new SqliteDatabase(path);
  file.pragma('journal_mode = WAL');
  file.pragma('wal_autocheckpoint = 0');
  file.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
  const insert = file.prepare('INSERT INTO blobs (data) VALUES (?)');
  for (let i = 0; i < 8; i++) insert.run(Buffer.alloc(1 << 20, i));
  return file;
}

/** Waits (up to 10 s) until the database file itself holds at least `bytes`. */
async function fileReaches(path: string, bytes: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (statSync(path).size < bytes && Date.now() < deadline) await sleep(10);
  return statSync(path).size;
}

describe('sqlite checkpointer', () => {
  it('copies committed WAL frames into the database file beside a connection that never checkpoints', async () => {
    const path = join(dir(), 'a.sqlite');
    const file = walWith8Mb(path);
    expect(statSync(path).size).toBeLessThan(1 << 20); // everything is still in the WAL
    const onExit: Array<Error | undefined> = [];
    const checkpointer = startCheckpointer(path, (err) => onExit.push(err));
    try {
      expect(await fileReaches(path, 8 << 20)).toBeGreaterThanOrEqual(8 << 20);
      await sleep(150); // the checkpoint that wrote the last page has recorded its end
      // Fully copied: the next transaction starts the WAL over instead of growing it.
      const wal = statSync(`${path}-wal`).size;
      file.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.alloc(1 << 20, 9));
      expect(statSync(`${path}-wal`).size).toBe(wal);
      expect(file.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(9);
    } finally {
      await checkpointer.stop();
      file.close();
    }
    expect(onExit).toEqual([]); // a requested stop is not a failure
    await checkpointer.stop(); // twice is harmless
  });

  it('without it, the frames stay in the WAL (the check above can fail)', async () => {
    const path = join(dir(), 'b.sqlite');
    const file = walWith8Mb(path);
    try {
      await sleep(200);
      expect(statSync(path).size).toBeLessThan(1 << 20);
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(8 << 20);
    } finally {
      file.close();
    }
  });

  it('reports a thread that fails (the writer then copies with its own auto-checkpoint)', async () => {
    const failed = await new Promise<Error | undefined>((resolve) => {
      startCheckpointer(join(dir(), 'no-such-dir', 'c.sqlite'), resolve);
    });
    expect(failed).toBeInstanceOf(Error);
    expect(failed!.message).toMatch(/directory does not exist|unable to open/i);
  });
});
