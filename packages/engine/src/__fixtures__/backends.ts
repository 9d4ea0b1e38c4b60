/**
 * Test harness: a fresh SQLite directory or PostgreSQL schema per call, removed after the file.
 * PostgreSQL comes from TEST_DATABASE_URL (fails loudly without it unless JUNCTION_SKIP_PG=1).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommonStoreOptions, openStore, type Store } from '@junction/store';
import pg from 'pg';
import { afterAll } from 'vitest';

export type BackendName = 'sqlite' | 'postgres';
export const BACKENDS: BackendName[] = process.env.JUNCTION_SKIP_PG === '1' ? ['sqlite'] : ['sqlite', 'postgres'];

/** Where a store lives, as environment variables a child process understands. */
export interface Location {
  backend: BackendName;
  dataDir?: string;
  schema?: string;
}

export function pgUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL half cannot run (set JUNCTION_SKIP_PG=1 to skip it explicitly).');
  return url;
}

/** Opens a store at a location. */
export function openAt(loc: Location, opts: CommonStoreOptions = {}): Promise<Store> {
  return loc.backend === 'sqlite'
    ? openStore({ ...opts, dataDir: loc.dataDir! })
    : openStore({ ...opts, databaseUrl: pgUrl(), schema: loc.schema!, poolSize: 6 });
}

export function harness(backend: BackendName) {
  const dirs: string[] = [];
  const schemas: string[] = [];
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => {});
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (schemas.length > 0) {
      const c = new pg.Client({ connectionString: pgUrl() });
      await c.connect();
      for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await c.end();
    }
  });
  return {
    async location(): Promise<Location> {
      if (backend === 'sqlite') {
        const dataDir = mkdtempSync(join(tmpdir(), 'junction-engine-'));
        dirs.push(dataDir);
        return { backend, dataDir };
      }
      const schema = `e_${randomBytes(6).toString('hex')}`;
      const c = new pg.Client({ connectionString: pgUrl() });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      schemas.push(schema);
      return { backend, schema };
    },
    async open(loc: Location, opts: CommonStoreOptions = {}): Promise<Store> {
      const store = await openAt(loc, opts);
      stores.push(store);
      return store;
    },
  };
}
