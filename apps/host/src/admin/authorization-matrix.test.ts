/**
 * The authorization matrix: every role (granted on the whole workspace, and source roles also on
 * one source by id and on sources by label) × every route of adminRouteTable() × a resource in
 * scope, out of scope and of another workspace. Expectations come from the roles' permission sets
 * and the documented scoping rules (docs/access-management.md), never from a per-route list, so
 * routes added later are covered too.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { catalogPolicyRepo, openAdminStore, openIamStore } from '@junction/store';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, storeCatalogPolicyStore } from '../catalog/index.ts';
import { createSettingsCipher } from '../secrets/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';
import { BASE_PERMISSIONS, isScopedPermission, type Permission, ROLES, type RoleId } from './permissions.ts';
import { adminRouteTable } from './route-table.ts';
import type { RouteDef } from './route-types.ts';

type ScopeKind = 'workspace' | 'id' | 'label';
type Target = 'in' | 'out' | 'other';
interface Cell { role: RoleId; scope: ScopeKind; token: string; tokenId: string }
interface Pair { sourceId: string; destinationId: string }

const RESOURCE_PARAMS = ['sourceId', 'destinationId'];
const params = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const bodyProps = (r: RouteDef) => Object.keys(((r.body as { properties?: object } | undefined)?.properties ?? {}) as object);

/** What a route acts on: the resource in its path, else one named in its body, else the workspace. */
function targetKind(r: RouteDef): 'source' | 'destination' | 'workspace' {
  const p = params(r.path);
  if (p.includes('destinationId')) return 'destination';
  if (p.includes('sourceId')) return 'source';
  if (bodyProps(r).includes('destinationId')) return 'destination';
  if (bodyProps(r).includes('sourceId')) return 'source';
  return 'workspace';
}

/** The expected outcome, from the role's permission set and the scoping rules. */
function expected(r: RouteDef, cell: Cell, target: Target | null): 'allow' | 403 | 404 {
  const perm = r.permission as Permission;
  const has = (ROLES[cell.role].permissions as readonly Permission[]).includes(perm);
  const gate = cell.scope === 'workspace' ? has : has && (isScopedPermission(perm) || BASE_PERMISSIONS.includes(perm));
  if (!gate) return 403;
  if (target === null) return 'allow';
  if (target === 'other') return 404;
  if (target === 'out' && cell.scope !== 'workspace' && isScopedPermission(perm)) return 403;
  return 'allow';
}

function sample(schema: unknown, name: string, pair: Pair): unknown {
  if (name === 'sourceId') return pair.sourceId;
  if (name === 'destinationId') return pair.destinationId;
  const s = (schema ?? {}) as { type?: string; enum?: unknown[] };
  if (s.enum) return s.enum[0];
  return s.type === 'string' ? 'matrix' : s.type === 'boolean' ? true : s.type === 'array' ? [] : s.type === 'object' ? {} : s.type === 'integer' || s.type === 'number' ? 1 : null;
}

function sampleBody(r: RouteDef, pair: Pair): Record<string, unknown> {
  const b = (r.body ?? {}) as { required?: string[]; properties?: Record<string, unknown> };
  const names = new Set([...(b.required ?? []), ...Object.keys(b.properties ?? {}).filter((n) => RESOURCE_PARAMS.includes(n))]);
  return Object.fromEntries([...names].map((n) => [n, sample(b.properties?.[n], n, pair)]));
}

describe('authorization matrix: every role × every route × in/out of scope × other workspace', () => {
  let host: AdminTestHost;
  /** The admin API on the test host's store, without its response recorder (which waits for streams to end). */
  let api = '';
  let server: ReturnType<typeof serve> | undefined;
  const cells: Cell[] = [];
  let stable: { in: Pair; out: Pair; other: Pair };
  let template: { integration: string; pluginVersion: string; settings: string };
  let fresh: (label: 'prod' | 'dev') => Promise<Pair>;

  beforeAll(async () => {
    host = await startAdminTestHost({ rateLimit: 0 });
    const { store } = host;
    const app = new Hono();
    const catalog = createCatalog({ dataDir: host.dataDir, policies: storeCatalogPolicyStore(catalogPolicyRepo(store.db)) });
    app.route('/api', adminRoutes({ store, catalog, cipher: await createSettingsCipher({ dataDir: host.dataDir, env: {} }), rateLimit: 0 }));
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const admin = openAdminStore(store);
    const iam = openIamStore(store);
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${host.api}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return (await res.json()) as { data: Record<string, { id: string }> };
    };
    const hook = (token: string, sourceId: string) => call(token, 'POST', '/destinations', { sourceId, metadataId: 'webhook', name: 'Hook', settings: { url: 'https://example.com/hook', sharedSecret: 's3cret-value' } });
    const d = (await hook(host.a.ownerToken, host.a.sourceId)).data.destination!;
    const row = (await store.destinations.get(d.id))!;
    template = { integration: row.integration, pluginVersion: row.pluginVersion, settings: row.settings };
    let n = 0;
    fresh = async (label) => {
      const source = await store.sources.create({ workspaceId: host.a.id, slug: `m${++n}`, name: `M${n}` });
      await admin.labels.replaceOnResource(host.a.id, 'source', source.id, [{ key: 'environment', value: label }]);
      const dest = await store.destinations.create({ sourceId: source.id, name: 'Hook', ...template });
      if (label === 'prod') {
        for (const c of cells.filter((x) => x.scope === 'id')) await iam.grants.add(host.a.id, { type: 'token', id: c.tokenId }, [{ roleId: c.role, resources: [{ id: source.id, type: 'SOURCE' }] }]);
      }
      return { sourceId: source.id, destinationId: dest.id };
    };
    const otherDest = (await hook(host.b.ownerToken, host.b.sourceId)).data.destination!;
    for (const role of Object.keys(ROLES) as RoleId[]) {
      const scopes: ScopeKind[] = (ROLES[role].scopes as readonly string[]).includes('SOURCE') ? ['workspace', 'id', 'label'] : ['workspace'];
      for (const scope of scopes) {
        const { token, plaintext } = await admin.apiTokens.create({ workspaceId: host.a.id, name: `${role}/${scope}`, role });
        const resources =
          scope === 'workspace' ? [{ id: host.a.id, type: 'WORKSPACE' as const }]
          : scope === 'label' ? [{ id: host.a.id, type: 'WORKSPACE' as const, labels: [{ key: 'environment', value: 'prod' }] }]
          : [{ id: host.a.sourceId, type: 'SOURCE' as const }];
        await iam.grants.replace(host.a.id, { type: 'token', id: token.id }, [{ roleId: role, resources }]);
        cells.push({ role, scope, token: plaintext, tokenId: token.id });
      }
    }
    stable = { in: await fresh('prod'), out: await fresh('dev'), other: { sourceId: host.b.sourceId, destinationId: otherDest.id } };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await host?.close();
  });

  const routes = adminRouteTable().filter((r) => r.permission !== null);
  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path} (${r.permission})`, r] as const))('%s: no unexpected allow or denial', async (_, route) => {
    const failures: string[] = [];
    const kind = targetKind(route);
    const extraParams = params(route.path).filter((p) => !RESOURCE_PARAMS.includes(p));
    const targets: Array<Target | null> = kind === 'workspace' ? [null] : ['in', 'out', 'other'];
    let calls = 0;
    for (const cell of cells) {
      for (const target of targets) {
        const want = expected(route, cell, target);
        // An allowed change gets fresh resources (same scope) so later cells still find theirs.
        const pair = target === null ? stable.in : route.method === 'get' || want !== 'allow' ? stable[target] : await fresh(target === 'in' ? 'prod' : 'dev');
        const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => (p === 'sourceId' ? pair.sourceId : p === 'destinationId' ? pair.destinationId : 'matrix-missing'));
        const init: RequestInit = { method: route.method.toUpperCase(), headers: { authorization: `Bearer ${cell.token}`, 'content-type': 'application/json', accept: route.produces === 'sse' ? 'text/event-stream' : 'application/json' } };
        if (route.method !== 'get' && route.method !== 'delete') init.body = JSON.stringify(sampleBody(route, pair));
        // Streams (Server-Sent Events) stay open: the status is all this test reads, then it hangs up.
        const hangUp = new AbortController();
        const res = await fetch(`${api}${path === '/' ? '' : path}`, { ...init, signal: hangUp.signal });
        calls++;
        const got = res.status;
        const ok = want === 'allow' ? got !== 401 && got !== 403 && got < 500 && (got !== 404 || extraParams.length > 0) : got === want;
        const detail = !ok && route.produces !== 'sse' ? (await res.text()).slice(0, 160) : '';
        hangUp.abort();
        if (!ok) failures.push(`as ${cell.role}/${cell.scope} on ${target ?? 'workspace'}: expected ${want}, got ${got} ${detail}`);
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(cells.length * targets.length);
  });

  it('covers the source roles by id and by label, and a destination through its source', () => {
    expect(cells.filter((c) => c.scope !== 'workspace').map((c) => `${c.role}/${c.scope}`)).toEqual(['SOURCE_ADMIN/id', 'SOURCE_ADMIN/label', 'SOURCE_READ_ONLY/id', 'SOURCE_READ_ONLY/label']);
    expect(adminRouteTable().filter((r) => targetKind(r) === 'destination').length).toBeGreaterThan(5);
  });
});
