import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { catalogPolicyRepo, openAdminStore, openStore, type Store } from '@junction/store';
import { createApp } from '../../app.ts';
import { createCatalog, storeCatalogPolicyStore } from '../../catalog/index.ts';
import { createSettingsCipher } from '../../secrets/index.ts';

/** A seeded workspace: its source, writeKey and tokens. */
export interface SeededWorkspace {
  id: string;
  ownerToken: string;
  memberToken: string;
  sourceId: string;
  writeKey: string;
}

/** A real host (createApp with the admin API) on 127.0.0.1 over a SQLite store or a given store. */
export interface TroubleshootHost {
  url: string;
  api: string;
  store: Store;
  dataDir: string;
  a: SeededWorkspace;
  b: SeededWorkspace;
  close(): Promise<void>;
}

async function seed(store: Store, slug: string): Promise<SeededWorkspace> {
  const ws = await store.workspaces.create({ slug, name: slug });
  const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
  const { key } = await store.writeKeys.create(source.id);
  const { apiTokens } = openAdminStore(store);
  const owner = await apiTokens.create({ workspaceId: ws.id, name: 'owner', role: 'WORKSPACE_OWNER' });
  const member = await apiTokens.create({ workspaceId: ws.id, name: 'member', role: 'WORKSPACE_MEMBER' });
  return { id: ws.id, ownerToken: owner.plaintext, memberToken: member.plaintext, sourceId: source.id, writeKey: key };
}

/**
 * Starts the host as `main.ts` builds it (createApp with tracking and admin API; no engine), with
 * workspaces `a` and `b`. Unlike the admin test host it does not buffer response bodies, so
 * Server-Sent Events stream; `close()` cuts open streams.
 *
 * @example
 * const host = await startTroubleshootHost();
 * await host.close();
 */
export async function startTroubleshootHost(): Promise<TroubleshootHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-troubleshoot-'));
  const store = await openStore({ dataDir });
  const a = await seed(store, 'ws-a');
  const b = await seed(store, 'ws-b');
  const cipher = await createSettingsCipher({ dataDir, env: {} });
  const catalog = createCatalog({ dataDir, policies: storeCatalogPolicyStore(catalogPolicyRepo(store.db)) });
  const app = createApp({ store, admin: { store, catalog, cipher, rateLimit: 0 } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    api: `${url}/api`,
    store,
    dataDir,
    a,
    b,
    async close() {
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
