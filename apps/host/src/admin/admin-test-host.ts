import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { catalogPolicyRepo, openAdminStore, openStore, type Store } from '@junction/store';
import { createApp } from '../app.ts';
import { createCatalog, storeCatalogPolicyStore } from '../catalog/index.ts';
import { createSettingsCipher } from '../secrets/index.ts';
import { adminRoutes } from './admin-routes.ts';

/** One seeded workspace of the test host with its tokens. */
export interface TestWorkspace {
  id: string;
  ownerToken: string;
  memberToken: string;
  sourceId: string;
  writeKey: string;
}

/** A host on 127.0.0.1 serving createApp's routes plus the admin API at `/api`. */
export interface AdminTestHost {
  url: string;
  /** `${url}/api`, the SDK's base path. */
  api: string;
  store: Store;
  dataDir: string;
  a: TestWorkspace;
  b: TestWorkspace;
  /** Every admin API response body served so far (to look for secrets). */
  bodies: string[];
  close(): Promise<void>;
}

async function seedWorkspace(store: Store, slug: string): Promise<TestWorkspace> {
  const ws = await store.workspaces.create({ slug, name: slug.toUpperCase() });
  const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
  const { key } = await store.writeKeys.create(source.id);
  const { apiTokens } = openAdminStore(store);
  const owner = await apiTokens.create({ workspaceId: ws.id, name: 'owner', role: 'WORKSPACE_OWNER' });
  const member = await apiTokens.create({ workspaceId: ws.id, name: 'member', role: 'WORKSPACE_MEMBER' });
  return { id: ws.id, ownerToken: owner.plaintext, memberToken: member.plaintext, sourceId: source.id, writeKey: key };
}

/**
 * Starts a host with a real SQLite store, catalog, settings cipher and the admin API, seeded with
 * workspaces `a` and `b` (an owner and a member token each).
 *
 * @example
 * const host = await startAdminTestHost();
 * const res = await fetch(`${host.api}/sources`, { headers: { authorization: `Bearer ${host.a.ownerToken}` } });
 * await host.close();
 */
export async function startAdminTestHost(options: { rateLimit?: number } = {}): Promise<AdminTestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-admin-'));
  const store = await openStore({ dataDir });
  const a = await seedWorkspace(store, 'ws-a');
  const b = await seedWorkspace(store, 'ws-b');
  const cipher = await createSettingsCipher({ dataDir, env: {} });
  const app = createApp({ store });
  const bodies: string[] = [];
  app.use('/api/*', async (c, next) => {
    await next();
    // An event stream never ends: buffering it would hold back even its headers.
    if (!c.res.headers.get('content-type')?.startsWith('text/event-stream')) bodies.push(await c.res.clone().text());
  });
  app.route('/api', adminRoutes({ store, catalog: createCatalog({ dataDir, policies: storeCatalogPolicyStore(catalogPolicyRepo(store.db)) }), cipher, ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}) }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    api: `${url}/api`,
    store,
    dataDir,
    a,
    b,
    bodies,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
