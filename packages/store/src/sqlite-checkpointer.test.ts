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

/** Appends `megabytes` 1 MB blobs, one transaction each, pausing between them; returns the WAL file's size. */
async function append(file: SqliteDatabase.Database, path: string, megabytes: number): Promise<number> {
  const insert = file.prepare('INSERT INTO blobs (data) VALUES (?)');
  for (let i = 0; i < megabytes; i++) {
    insert.run(Buffer.alloc(1 << 20, i));
    await sleep(20);
  }
  return statSync(`${path}-wal`).size;
}

function openWal(path: string): SqliteDatabase.Database {
  const file = new SqliteDatabase(path);
  file.pragma('journal_mode = WAL');
  file.pragma('wal_autocheckpoint = 0'); // as the writer thread runs
  file.exec('CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, data BLOB)');
  return file;
}

describe('sqlite checkpointer', () => {
  it('copies WAL frames into the file beside a writer that never checkpoints, so the WAL stays small', async () => {
    const path = join(dir(), 'a.sqlite');
    const file = openWal(path);
    const onExit: Array<Error | undefined> = [];
    const checkpointer = startCheckpointer(path, 5000, (err) => onExit.push(err));
    try {
      const wal = await append(file, path, 24);
      // Every frame reaches the file; the WAL restarts from its start instead of growing to 24 MB.
      expect(wal).toBeLessThan(8 << 20);
      expect(file.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(24);
    } finally {
      await checkpointer.stop();
      file.close();
    }
    expect(onExit).toEqual([]); // a requested stop is not a failure
    await checkpointer.stop(); // twice is harmless
  });

  it('without it, the same writer grows the WAL by every frame (the check above can fail)', async () => {
    const path = join(dir(), 'b.sqlite');
    const file = openWal(path);
    try {
      expect(await append(file, path, 12)).toBeGreaterThan(12 << 20);
    } finally {
      file.close();
    }
  });

  it('reports a thread that fails (the writer then copies with its own auto-checkpoint)', async () => {
    const failed = await new Promise<Error | undefined>((resolve) => {
      startCheckpointer(join(dir(), 'no-such-dir', 'c.sqlite'), 5000, resolve);
    });
    expect(failed).toBeInstanceOf(Error);
    expect(failed!.message).toMatch(/directory does not exist|unable to open/i);
  });
});
