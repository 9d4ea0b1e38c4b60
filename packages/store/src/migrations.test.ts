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
