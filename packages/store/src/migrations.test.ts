import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { openPostgresBackend, openSqliteBackend } from './backend.ts';
import { migrations, runMigrations } from './migrations.ts';

describe.each(BACKENDS)('migrations on %s', (backend) => {
  const h = harness(backend);

  it('are idempotent: a second run applies nothing and keeps data', async () => {
    const loc = await h.location();
    const store = await h.open(loc);
    const { workspace } = await seed(store);
    await store.close();
    const b =
      loc.backend === 'sqlite'
        ? openSqliteBackend({ dataDir: loc.dataDir! })
        : openPostgresBackend({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: loc.schema! });
    try {
      expect(await runMigrations(b)).toEqual([]);
      const applied = await b.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(applied.map((r) => (r as { name: string }).name)).toEqual(Object.keys(migrations));
    } finally {
      await b.close();
    }
    const again = await h.open(loc);
    expect((await again.workspaces.get(workspace.id))?.slug).toBe(workspace.slug);
  });

  it('survive several hosts opening one fresh database at once', async () => {
    const loc = await h.location();
    const stores = await Promise.all([h.open(loc), h.open(loc), h.open(loc)]);
    const { source } = await seed(stores[0]!);
    for (const s of stores) expect((await s.sources.get(source.id))?.id).toBe(source.id);
  });
});

describe.skipIf(!BACKENDS.includes('postgres'))('migration 0011_pg_append on postgres', () => {
  const h = harness('postgres');

  it('copies the text-keyed dedupe keys as hashed keys: an event seen before the upgrade stays a duplicate; pruning covers both tables', async () => {
    const loc = await h.location();
    const b = openPostgresBackend({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: loc.schema! });
    const now = new Date().toISOString();
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    try {
      const migrator = new Migrator({ db: b.db, provider: { getMigrations: async () => migrations }, migrationTableSchema: loc.schema! });
      const { error } = await migrator.migrateTo('0010_log_runs');
      expect(error).toBeUndefined();
      await sql`INSERT INTO workspaces (id, slug, name, plan, created_at, updated_at) VALUES ('wsold', 'old', 'Old', 'free', ${now}, ${now})`.execute(b.db);
      await sql`INSERT INTO sources (id, workspace_id, slug, name, enabled, settings, created_at, updated_at) VALUES ('srcold', 'wsold', 'old', 'Old', 1, '{}', ${now}, ${now})`.execute(b.db);
      await sql`INSERT INTO dedupe (key, seen_at) VALUES ('srcold/before-upgrade', ${now}), ('srcold/expired', ${twoDaysAgo})`.execute(b.db);
    } finally {
      await b.close();
    }
    const store = await h.open(loc);
    const ids = ['before-upgrade', 'after-upgrade', 'expired'];
    const res = await store.appendEvents('srcold', ids.map((id) => ({ messageId: id, type: 'track', partitionKey: 'u', payload: { messageId: id } })));
    expect(res.map((r) => r.status)).toEqual(['duplicate', 'new', 'new']);
    // Copied, not moved: hosts of the older version, still running, keep their keys.
    expect(await h.sql(store, 'SELECT key FROM dedupe ORDER BY key')).toEqual([{ key: 'srcold/before-upgrade' }, { key: 'srcold/expired' }]);
    // The expired legacy key goes; its copy was refreshed when 'expired' came again.
    expect(await store.pruneDedupe()).toBe(1);
    expect(await h.sql(store, 'SELECT key FROM dedupe')).toEqual([{ key: 'srcold/before-upgrade' }]);
    expect(await h.sql(store, 'SELECT count(*)::int AS n FROM dedupe_keys')).toEqual([{ n: 3 }]);
  });
});
