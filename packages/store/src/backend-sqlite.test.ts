import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_PAGE_SIZE } from './backend.ts';
import { openStore } from './open-store.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'junction-backend-'));
  dirs.push(d);
  return d;
}
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
    const fresh = dir();
    const a = await openStore({ dataDir: fresh });
    const ws = await a.workspaces.create({ slug: 'a', name: 'A' });
    const src = await a.sources.create({ workspaceId: ws.id, slug: 's', name: 'S' });
    await a.appendEvents(src.id, [{ messageId: 'm1', type: 'track', partitionKey: 'u', payload: { event: 'x' } }]);
    await a.close();
    expect(pageSize(fresh)).toBe(SQLITE_PAGE_SIZE);

    const old = dir();
    const file = new SqliteDatabase(join(old, 'junction.sqlite'));
    file.pragma('page_size = 4096');
    file.pragma('journal_mode = WAL');
    file.exec('CREATE TABLE keep (x)');
    file.close();
    const b = await openStore({ dataDir: old });
    const ws2 = await b.workspaces.create({ slug: 'b', name: 'B' });
    const src2 = await b.sources.create({ workspaceId: ws2.id, slug: 's', name: 'S' });
    const [r] = await b.appendEvents(src2.id, [{ messageId: 'm1', type: 'track', partitionKey: 'u', payload: { event: 'x' } }]);
    expect(r?.status).toBe('new');
    await b.close();
    expect(pageSize(old)).toBe(4096);
  });
});
