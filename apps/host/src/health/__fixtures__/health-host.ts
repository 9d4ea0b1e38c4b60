import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createEngine, type Engine } from '@junction/engine';
import { webhook } from '@junction/integration-webhook';
import { catalogPolicyRepo, openAdminStore, openStore, type Store } from '@junction/store';
import pg from 'pg';
import { adminRoutes } from '../../admin/admin-routes.ts';
import { createApp } from '../../app.ts';
import { createCatalog, storeCatalogPolicyStore } from '../../catalog/index.ts';
import { createSettingsCipher } from '../../secrets/index.ts';
import { createIngestRecorder, type IngestRecorder } from '../../tracking/ingest-recorder.ts';

/** Backends the health suite runs on (PostgreSQL needs TEST_DATABASE_URL, or JUNCTION_SKIP_PG=1). */
export const BACKENDS = process.env.JUNCTION_SKIP_PG === '1' ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);

/** A host with the admin API, ingest metrics and a fast engine, on a fresh SQLite dir or PostgreSQL schema. */
export interface HealthHost {
  url: string;
  api: string;
  store: Store;
  /** A second store on the same database (another host's connection). */
  other: Store;
  ingest: IngestRecorder;
  engine: Engine;
  workspaceId: string;
  sourceId: string;
  writeKey: string;
  token: string;
  close(): Promise<void>;
}

/**
 * Starts a {@link HealthHost}; the engine is created but not started.
 *
 * @example
 * const host = await startHealthHost('sqlite');
 */
export async function startHealthHost(backend: 'sqlite' | 'postgres'): Promise<HealthHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-health-'));
  const url = process.env.TEST_DATABASE_URL;
  let schema: string | undefined;
  if (backend === 'postgres') {
    if (!url) throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL half cannot run (JUNCTION_SKIP_PG=1 skips it).');
    schema = `t_${randomBytes(6).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
  }
  const open = () => (schema ? openStore({ databaseUrl: url!, schema, poolSize: 4 }) : openStore({ dataDir }));
  const store = await open();
  const other = await open();
  const ws = await store.workspaces.create({ slug: 'health', name: 'Health' });
  const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
  const { key } = await store.writeKeys.create(source.id);
  const owner = await openAdminStore(store).apiTokens.create({ workspaceId: ws.id, name: 'owner', role: 'WORKSPACE_OWNER' });
  const ingest = createIngestRecorder(store, { flushMs: 60_000 });
  const engine = createEngine({ store, resolveIntegration: (slug) => (slug === 'webhook' ? webhook : undefined), pollIntervalMs: 20, configRefreshMs: 200, leaseMs: 3000, metricsFlushMs: 60_000, log: () => {} });
  const cipher = await createSettingsCipher({ dataDir, env: {} });
  const app = createApp({ store, ingest });
  const flush = async () => {
    await ingest.flush();
    await engine.flushMetrics();
  };
  app.route('/api', adminRoutes({ store, catalog: createCatalog({ dataDir, policies: storeCatalogPolicyStore(catalogPolicyRepo(store.db)) }), cipher, rateLimit: 0, health: { flush } }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    api: `${base}/api`,
    store,
    other,
    ingest,
    engine,
    workspaceId: ws.id,
    sourceId: source.id,
    writeKey: key,
    token: owner.plaintext,
    async close() {
      await engine.stop();
      await ingest.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await other.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}
