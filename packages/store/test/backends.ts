/**
 * Test harness: a fresh SQLite directory or PostgreSQL schema per call, all removed after the file.
 * The PostgreSQL half needs TEST_DATABASE_URL and fails loudly without it, unless JUNCTION_SKIP_PG=1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openStore, type CommonStoreOptions } from '../src/open-store.ts';
import type { SqliteWriterMode } from '../src/sqlite-writer.ts';
import type { Store } from '../src/store.ts';

export type BackendName = 'sqlite' | 'postgres';

/** Backends the suite runs on: both, unless PostgreSQL is skipped explicitly. */
export const BACKENDS: BackendName[] = process.env.JUNCTION_SKIP_PG === '1' ? ['sqlite'] : ['sqlite', 'postgres'];

/** Where one store lives: a directory or a schema. */
export interface Location {
  backend: BackendName;
  dataDir?: string;
  schema?: string;
}

function pgUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL half of the store suite cannot run. Start one with .ci/with-postgres.sh, or set JUNCTION_SKIP_PG=1 to skip it explicitly.');
  }
  return url;
}

/**
 * Registers cleanup for the current test file and returns helpers for one backend.
 *
 * @example
 * const h = harness('postgres'); const store = await h.open(await h.location());
 */
export function harness(backend: BackendName) {
  const dirs: string[] = [];
  const schemas: string[] = [];
  const stores: Store[] = [];

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: pgUrl() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => {});
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (schemas.length > 0) {
      await admin(async (c) => {
        for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      });
    }
  });

  return {
    backend,
    /** A fresh, empty place for a store. */
    async location(): Promise<Location> {
      if (backend === 'sqlite') {
        const dataDir = mkdtempSync(join(tmpdir(), 'junction-store-'));
        dirs.push(dataDir);
        return { backend, dataDir };
      }
      const schema = `t_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
      schemas.push(schema);
      return { backend, schema };
    },
    /** Opens a store at `loc` (closed automatically after the file unless closed before); `sqliteWriter` applies to SQLite only. */
    async open(loc: Location, opts: CommonStoreOptions & { sqliteWriter?: SqliteWriterMode } = {}): Promise<Store> {
      const store =
        loc.backend === 'sqlite'
          ? await openStore({ ...opts, dataDir: loc.dataDir! })
          : await openStore({ ...withoutWriter(opts), databaseUrl: pgUrl(), schema: loc.schema!, poolSize: 4 });
      stores.push(store);
      return store;
    },
    /** Runs SQL against a location outside the store (to inspect or age rows). */
    async sql<R extends Record<string, unknown>>(store: Store, text: string): Promise<R[]> {
      const { sql } = await import('kysely');
      const r = await sql.raw<R>(text).execute(store.db);
      return r.rows;
    },
  };
}

function withoutWriter(opts: CommonStoreOptions & { sqliteWriter?: SqliteWriterMode }): CommonStoreOptions {
  const { sqliteWriter: _ignored, ...rest } = opts;
  return rest;
}

/** Creates a workspace and a source with one write key. */
export async function seed(store: Store, slug = `ws-${randomBytes(4).toString('hex')}`) {
  const workspace = await store.workspaces.create({ slug, name: 'Test workspace' });
  const source = await store.sources.create({ workspaceId: workspace.id, slug: 'web', name: 'Website' });
  const { key } = await store.writeKeys.create(source.id);
  return { workspace, source, key };
}
