import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { harness, seed } from '../test/backends.ts';
import { SQLITE_PAGE_SIZE } from './backend.ts';

const h = harness('sqlite');
const dir = async () => (await h.location()).dataDir!;
const pageSize = (dataDir: string) => {
  const file = new SqliteDatabase(join(dataDir, 'junction.sqlite'), { readonly: true });
  try {
    return file.pragma('page_size', { simple: true });
  } finally {
    file.close();
  }
};

describe('SQLite file', () => {
  it(`is created with ${SQLITE_PAGE_SIZE}-byte pages, and an existing file keeps its own`, async () => {
    const fresh = await dir();
    const a = await h.open({ backend: 'sqlite', dataDir: fresh });
    const { source: src } = await seed(a);
    await a.appendEvents(src.id, [{ messageId: 'm1', type: 'track', partitionKey: 'u', payload: { event: 'x' } }]);
    await a.close();
    expect(pageSize(fresh)).toBe(SQLITE_PAGE_SIZE);

    const old = await dir();
    const file = new SqliteDatabase(join(old, 'junction.sqlite'));
    file.pragma('page_size = 4096');
    file.pragma('journal_mode = WAL');
    file.exec('CREATE TABLE keep (x)');
    file.close();
    const b = await h.open({ backend: 'sqlite', dataDir: old });
    const { source: src2 } = await seed(b);
    const [r] = await b.appendEvents(src2.id, [{ messageId: 'm1', type: 'track', partitionKey: 'u', payload: { event: 'x' } }]);
    expect(r?.status).toBe('new');
    await b.close();
    expect(pageSize(old)).toBe(4096);
  });
});
