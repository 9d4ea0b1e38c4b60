import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsyncLockSqliteDialect } from './sqlite-dialect.ts';

interface Tables {
  t: { x: number };
}

let dir: string;
let file: SqliteDatabase.Database;
let other: SqliteDatabase.Database;
let db: Kysely<Tables>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'junction-dialect-'));
  file = new SqliteDatabase(join(dir, 'd.sqlite'));
  file.pragma('journal_mode = WAL');
  file.exec('CREATE TABLE t (x INTEGER NOT NULL)');
  // Another connection to the same file, standing in for the append writer thread.
  other = new SqliteDatabase(join(dir, 'd.sqlite'));
  db = new Kysely<Tables>({ dialect: new AsyncLockSqliteDialect(file, 2000) });
});

afterEach(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `work` while sampling the event loop every 5 ms; resolves to the longest gap seen. */
async function longestGap(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

const count = () => (file.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
const later = (ms: number, fn: () => void) =>
  new Promise<void>((r) =>
    setTimeout(() => {
      fn();
      r();
    }, ms),
  );

describe('AsyncLockSqliteDialect', () => {
  it('waits for the write lock without blocking the event loop, then writes', async () => {
    other.exec('BEGIN IMMEDIATE');
    const insert = db.insertInto('t').values({ x: 1 }).execute();
    const release = later(300, () => other.exec('COMMIT'));
    // Before the change, better-sqlite3 waited inside SQLite's busy handler: one 300 ms gap.
    expect(await longestGap(Promise.all([insert, release]))).toBeLessThan(150);
    expect(count()).toBe(1);
    expect(file.inTransaction).toBe(false);
  });

  it('starts a transaction only once the lock is free, and commits all of it', async () => {
    other.exec('BEGIN IMMEDIATE');
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ x: 1 }).execute();
      await trx.insertInto('t').values({ x: 2 }).execute();
    });
    const release = later(200, () => other.exec('COMMIT'));
    expect(await longestGap(Promise.all([tx, release]))).toBeLessThan(150);
    expect(count()).toBe(2);
  });

  it('reads while another connection holds the lock', async () => {
    file.exec('INSERT INTO t VALUES (7)');
    other.exec('BEGIN IMMEDIATE');
    other.exec('INSERT INTO t VALUES (8)');
    const rows = await db.selectFrom('t').select('x').execute();
    expect(rows).toEqual([{ x: 7 }]);
  });

  it('gives up with SQLITE_BUSY after the timeout, writing nothing and leaving no transaction open', async () => {
    const quick = new Kysely<Tables>({ dialect: new AsyncLockSqliteDialect(file, 100) });
    other.exec('BEGIN IMMEDIATE');
    await expect(quick.insertInto('t').values({ x: 1 }).execute()).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    expect(count()).toBe(0);
    expect(file.inTransaction).toBe(false);
    // The connection is usable again, and the busy timeout restored.
    await quick.insertInto('t').values({ x: 3 }).execute();
    expect(count()).toBe(1);
    expect(file.pragma('busy_timeout', { simple: true })).toBe(100);
  });

  it('rolls back its own transaction when the statement fails', async () => {
    file.exec('CREATE UNIQUE INDEX t_x ON t (x)');
    await db.insertInto('t').values({ x: 1 }).execute();
    await expect(db.insertInto('t').values({ x: 1 }).execute()).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(file.inTransaction).toBe(false);
    expect(count()).toBe(1);
  });
});
