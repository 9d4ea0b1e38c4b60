import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { openAdminStore, openStore, type Store } from '@junction/store';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../admin/admin-routes.ts';
import type { Principal } from '../admin/permissions.ts';
import { createCatalog } from '../catalog/index.ts';
import { createSettingsCipher } from '../secrets/index.ts';
import { adminCall } from './admin-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'junction-console-admin-'));
let store: Store;
let adminApp: ReturnType<typeof adminRoutes>;
let workspaceId: string;
let otherWorkspaceId: string;

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  workspaceId = (await store.workspaces.create({ slug: 'a', name: 'A' })).id;
  otherWorkspaceId = (await store.workspaces.create({ slug: 'b', name: 'B' })).id;
  const cipher = await createSettingsCipher({ dataDir: dir, env: {} });
  adminApp = adminRoutes({ store, catalog: createCatalog({ dataDir: dir }), cipher });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const owner = (ws: string): Principal => ({ kind: 'user', tokenId: 'usr_ada', tokenName: 'ada@example.com', workspaceId: ws, roles: ['WORKSPACE_OWNER'] });
const member = (ws: string): Principal => ({ kind: 'user', tokenId: 'usr_bob', tokenName: 'bob@example.com', workspaceId: ws, roles: ['WORKSPACE_MEMBER'] });

describe('adminCall (the console calling the admin API in-process)', () => {
  it('acts as the session principal: same validation, permissions and audit trail as over HTTP', async () => {
    const created = await adminCall<{ source: { id: string; slug: string } }>({ adminApp }, owner(workspaceId), 'POST', '/sources', { slug: 'web', enabled: true, metadataId: 'javascript' });
    expect(created.status).toBe(201);
    expect(created.data?.source.slug).toBe('web');
    const bad = await adminCall({ adminApp }, owner(workspaceId), 'POST', '/sources', { slug: 'Not A Slug', enabled: true, metadataId: 'javascript' });
    expect(bad.status).toBe(422);
    expect(bad.errors?.[0]?.message).toMatch(/slug/);
    const refused = await adminCall({ adminApp }, member(workspaceId), 'POST', '/sources', { slug: 'other', enabled: true, metadataId: 'javascript' });
    expect(refused.status).toBe(403);
    const audit = await openAdminStore(store).auditEvents.list({ workspaceId });
    expect(audit.events.map((e) => [e.type, e.actor])).toEqual([['Source Created', 'usr_ada']]);
    const elsewhere = await adminCall<{ sources: unknown[] }>({ adminApp }, owner(otherWorkspaceId), 'GET', '/sources');
    expect(elsewhere.data?.sources).toEqual([]);
  });

  it('cannot be reached over HTTP: a network request still needs a bearer token', async () => {
    const server = serve({ fetch: adminApp.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/sources`, { headers: { 'x-principal': JSON.stringify(owner(workspaceId)) } });
      expect(res.status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
