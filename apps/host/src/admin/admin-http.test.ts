import { openAdminStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { destinationRoutes } from './destination-routes.ts';
import { filterRoutes } from './filter-routes.ts';
import { labelRoutes } from './label-routes.ts';
import { adminRouteTable } from './route-table.ts';
import { sourceRoutes } from './source-routes.ts';
import { subscriptionRoutes } from './subscription-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import { workspaceRoutes } from './workspace-routes.ts';

const SECRET = 'whsec_never-in-clear-0002';

describe('admin API over raw HTTP', () => {
  let host: AdminTestHost;
  const hit = new Set<string>();
  const mutations = adminRouteTable().filter((r) => r.method !== 'get' && !r.readOnly);
  const templateOf = (method: string, path: string) =>
    mutations.find((r) => r.method === method.toLowerCase() && new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0]!));

  async function call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${host.api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary response JSON
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  /** A mutation by workspace A's owner that must leave (at least) one new audit entry. */
  async function mutate(method: string, path: string, body?: unknown) {
    const audit = openAdminStore(host.store).auditEvents;
    const before = await audit.count({ workspaceId: host.a.id });
    const res = await call(method, path, host.a.ownerToken, body);
    expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
    expect(await audit.count({ workspaceId: host.a.id }), `${method} ${path} left no audit entry`).toBeGreaterThan(before);
    const route = templateOf(method, path);
    if (route) hit.add(`${route.method} ${route.path}`);
    return res;
  }

  beforeAll(async () => {
    host = await startAdminTestHost({ rateLimit: 1000 });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('answers errors in Segment envelope: 401, 400, 413, 404, 406, 422', async () => {
    const none = await call('GET', '/sources', undefined);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ errors: [{ type: 'unauthorized', message: expect.stringMatching(/Authorization/), status: 401 }] });
    const wrong = await call('GET', '/sources', 'jct_not-a-real-token-000000');
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('jct_not-a-real-token');
    const badJson = await call('POST', '/sources', host.a.ownerToken, '{"slug":');
    expect(badJson.status).toBe(400);
    expect(badJson.json.errors[0]).toMatchObject({ type: 'bad-request', message: expect.stringMatching(/not valid JSON/) });
    const huge = await call('POST', '/labels', host.a.ownerToken, JSON.stringify({ label: { key: 'a', value: 'b', description: 'x'.repeat(1024 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(huge.json.errors[0].type).toBe('payload-too-large');
    const missing = await call('GET', '/sources/nope', host.a.ownerToken);
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0]).toMatchObject({ type: 'not-found', message: 'source "nope" not found' });
    const noField = await call('POST', '/sources', host.a.ownerToken, { enabled: true, metadataId: 'javascript' });
    expect(noField.status).toBe(422);
    expect(noField.json.errors[0]).toMatchObject({ type: 'validation', field: 'slug' });
    const badSlug = await call('POST', '/sources', host.a.ownerToken, { slug: 'Bad Slug', enabled: true, metadataId: 'javascript' });
    expect(badSlug.status).toBe(422);
    expect(badSlug.json.errors[0].message).toMatch(/source\.slug/);
    const dup = await call('POST', '/sources', host.a.ownerToken, { slug: 'web', enabled: true, metadataId: 'javascript' });
    expect(dup.status).toBe(409);
    const accept = await call('GET', '/sources', host.a.ownerToken, undefined, { accept: 'application/vnd.segment.v9+json' });
    expect(accept.status).toBe(406);
    for (const version of ['v1', 'v1beta', 'v1alpha']) {
      const ok = await call('GET', '/', host.a.ownerToken, undefined, { accept: `application/vnd.segment.${version}+json` });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe(`application/vnd.segment.${version}+json`);
    }
  });

  it('paginates with opaque cursors in dotted and bracket forms', async () => {
    for (const slug of ['p1', 'p2', 'p3', 'p4']) await mutate('POST', '/sources', { slug, enabled: true, metadataId: 'http-api' });
    const first = await call('GET', '/sources?pagination.count=2', host.a.ownerToken);
    expect(first.json.data.sources.map((s: { slug: string }) => s.slug)).toEqual(['web', 'p1']);
    expect(first.json.data.pagination).toMatchObject({ totalEntries: 5, next: expect.any(String) });
    const second = await call('GET', `/sources?pagination%5Bcount%5D=2&pagination%5Bcursor%5D=${first.json.data.pagination.next}`, host.a.ownerToken);
    expect(second.json.data.sources.map((s: { slug: string }) => s.slug)).toEqual(['p2', 'p3']);
    const back = await call('GET', `/sources?pagination.count=2&pagination.cursor=${second.json.data.pagination.previous}`, host.a.ownerToken);
    expect(back.json.data.sources.map((s: { slug: string }) => s.slug)).toEqual(['web', 'p1']);
    for (const bad of ['0', '1001', 'ten']) {
      const r = await call('GET', `/sources?pagination.count=${bad}`, host.a.ownerToken);
      expect(r.status).toBe(400);
      expect(r.json.errors[0].field).toBe('pagination.count');
    }
    const badCursor = await call('GET', '/sources?pagination.cursor=garbage', host.a.ownerToken);
    expect(badCursor.status).toBe(400);
    expect(badCursor.json.errors[0].field).toBe('pagination.cursor');
    const audit1 = await call('GET', '/audit-events?pagination.count=2', host.a.ownerToken);
    const audit2 = await call('GET', `/audit-events?pagination.count=2&pagination.cursor=${audit1.json.data.pagination.next}`, host.a.ownerToken);
    expect(audit1.json.data.events.map((e: { resourceName: string }) => e.resourceName)).toEqual(['p4', 'p3']);
    expect(audit2.json.data.events.map((e: { resourceName: string }) => e.resourceName)).toEqual(['p2', 'p1']);
    expect(audit1.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
  });

  it('lets a member token read but refuses every write with 403', async () => {
    expect((await call('GET', '/sources', host.a.memberToken)).status).toBe(200);
    expect((await call('GET', `/sources/${host.a.sourceId}`, host.a.memberToken)).status).toBe(200);
    expect((await call('GET', '/tokens', host.a.memberToken)).status).toBe(403);
    for (const route of mutations) {
      const path = route.path.replace('{sourceId}', host.a.sourceId).replace(/\{\w+\}/g, 'x');
      const r = await call(route.method.toUpperCase(), path, host.a.memberToken, {});
      expect(r.status, `${route.method} ${route.path}`).toBe(403);
      expect(r.json.errors[0].type).toBe('forbidden');
    }
  });

  it("gives workspace A's token a 404 for workspace B's resources", async () => {
    const other = await call('GET', `/sources/${host.b.sourceId}`, host.a.ownerToken);
    expect(other.status).toBe(404);
    expect((await call('PATCH', `/sources/${host.b.sourceId}`, host.a.ownerToken, { name: 'hijack' })).status).toBe(404);
    expect((await call('DELETE', `/sources/${host.b.sourceId}/writekey/${host.b.writeKey}`, host.a.ownerToken)).status).toBe(404);
    expect((await call('POST', '/destinations', host.a.ownerToken, { sourceId: host.b.sourceId, metadataId: 'webhook', name: 'x', settings: { url: 'https://x.example' } })).status).toBe(404);
    const mine = await call('GET', '/sources', host.b.ownerToken);
    expect(mine.json.data.sources.map((s: { id: string }) => s.id)).toEqual([host.b.sourceId]);
    expect((await call('GET', '/', host.b.ownerToken)).json.data.workspace.id).toBe(host.b.id);
    expect(await host.store.findSourceByWriteKey(host.b.writeKey)).toBeDefined();
  });

  it('records every mutation in the audit trail, redacted, with filters and CSV export', async () => {
    await mutate('PATCH', '/', { name: 'Acme', slug: 'acme', plan: 'business', billingContacts: [{ name: 'Bill', email: 'bill@example.com' }], incidentContacts: [{ name: 'Ops', email: 'ops@example.com' }] });
    const ws = (await call('GET', '/', host.a.ownerToken)).json.data.workspace;
    expect(ws).toMatchObject({ name: 'Acme', slug: 'acme', plan: 'Business', incidentContacts: [{ name: 'Ops', email: 'ops@example.com' }] });
    expect((await call('PATCH', '/', host.a.ownerToken, { plan: 'Gold' })).json.errors[0].field).toBe('plan');
    expect((await call('PATCH', '/', host.a.ownerToken, { incidentContacts: [{ email: 'nope' }] })).json.errors[0].message).toMatch(/incidentContacts\[0\]\.email/);
    expect(await host.store.findSourceByWriteKey(host.a.writeKey)).toBeDefined();

    const src = (await mutate('POST', '/sources', { slug: 'audited', enabled: true, metadataId: 'node-js', name: 'Audited' })).json.data.source;
    await mutate('PATCH', `/sources/${src.id}`, { name: 'Audited 2' });
    const keyed = (await mutate('POST', `/sources/${src.id}/writekey`)).json.data.source;
    await mutate('DELETE', `/sources/${src.id}/writekey/${keyed.writeKeys[0]}`);
    await mutate('POST', '/labels', { label: { key: 'tier', value: 'gold' } });
    await mutate('POST', `/sources/${src.id}/labels`, { labels: [{ key: 'tier', value: 'gold' }] });
    await mutate('PUT', `/sources/${src.id}/labels`, { labels: [] });
    await mutate('DELETE', '/labels/tier/gold');
    const dest = (await mutate('POST', '/destinations', { sourceId: src.id, metadataId: 'webhook', name: 'Hook', settings: { url: 'https://example.com', sharedSecret: SECRET } })).json.data.destination;
    await mutate('PATCH', `/destinations/${dest.id}`, { enabled: false });
    const sub = (await mutate('POST', `/destinations/${dest.id}/subscriptions`, { name: 'T', actionId: 'send', trigger: 'type = "track"', enabled: true })).json.data.destinationSubscription;
    await mutate('PATCH', `/destinations/${dest.id}/subscriptions/${sub.id}`, { input: { enabled: false } });
    await mutate('DELETE', `/destinations/${dest.id}/subscriptions/${sub.id}`);
    const filter = (await mutate('POST', `/destination/${dest.id}/filters`, { sourceId: src.id, if: 'all', actions: [{ type: 'SAMPLE', percent: 0.5 }], title: 'Half', enabled: true })).json.data.filter;
    await mutate('PATCH', `/destination/${dest.id}/filters/${filter.id}`, { title: 'Half of it' });
    await mutate('DELETE', `/destination/${dest.id}/filters/${filter.id}`);
    await mutate('DELETE', `/destinations/${dest.id}`);
    const token = (await mutate('POST', '/tokens', { name: 'ci', role: 'WORKSPACE_MEMBER' })).json.data.token;
    await mutate('DELETE', `/tokens/${token.id}`);
    await mutate('PUT', '/catalog/policy', { allow: ['webhook', 'slack'] });
    await mutate('PUT', '/catalog/policy', { allow: null });
    await mutate('DELETE', `/sources/${src.id}`);
    // Every mutation of the workspace, source, destination, catalog, label and token routes is
    // exercised above; the IAM, troubleshooting and health routes check their audit entries in
    // their own tests.
    const covered = [workspaceRoutes, sourceRoutes, destinationRoutes, subscriptionRoutes, filterRoutes, catalogRoutes, labelRoutes, tokenRoutes]
      .flatMap((routes) => routes())
      .filter((r) => r.method !== 'get' && !r.readOnly && r.operationId !== 'deleteWorkspace'); // workspace-delete.test.ts
    expect([...hit].sort()).toEqual(covered.map((r) => `${r.method} ${r.path}`).sort());

    const created = await call('GET', `/audit-events?type=${encodeURIComponent('Integration Created')}`, host.a.ownerToken);
    expect(created.json.data.events).toHaveLength(1);
    const entry = created.json.data.events[0];
    expect(entry).toMatchObject({ type: 'Integration Created', resourceId: dest.id, resourceType: 'destination', resourceName: 'Hook', before: null });
    expect(entry.after.settings.sharedSecret).toBe(`••••${SECRET.slice(-4)}`);
    const wk = (await call('GET', `/audit-events?resourceId=${src.id}&type=Source%20Modified`, host.a.ownerToken)).json.data.events;
    expect(wk.length).toBeGreaterThan(0);
    expect(JSON.stringify(wk)).not.toContain(keyed.writeKeys[1]);
    const tokenId = (await call('GET', '/tokens', host.a.ownerToken)).json.data.tokens.find((t: { name: string }) => t.name === 'owner').id;
    const byActor = await call('GET', `/audit-events?actor=${tokenId}&pagination.count=1000`, host.a.ownerToken);
    expect(byActor.json.data.pagination.totalEntries).toBeGreaterThanOrEqual(hit.size);
    expect((await call('GET', '/audit-events?actor=someone-else', host.a.ownerToken)).json.data.events).toEqual([]);
    expect((await call('GET', '/audit-events', host.b.ownerToken)).json.data.events.some((e: { resourceId: string }) => e.resourceId === dest.id)).toBe(false);
    const csv = await call('GET', '/audit-events/export?type=Integration%20Created', host.a.ownerToken, undefined, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,timestamp,type,actor,actorEmail,resourceId,resourceType,resourceName,before,after');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,Integration Created,${tokenId},,${dest.id},destination,Hook,,`);
    expect(csv.text).not.toContain(SECRET);
  });

  it('shows a token plaintext once, lists prefixes only, and revokes', async () => {
    const created = await call('POST', '/tokens', host.a.ownerToken, { name: 'script', role: 'WORKSPACE_OWNER' });
    expect(created.status).toBe(201);
    const { value, prefix, id } = created.json.data.token;
    expect(value).toMatch(/^jct_/);
    expect(prefix).toBe(value.slice(0, 8));
    const list = await call('GET', '/tokens', host.a.ownerToken);
    expect(list.text).not.toContain(value);
    expect(list.json.data.tokens.find((t: { id: string }) => t.id === id)).toMatchObject({ name: 'script', prefix, role: 'WORKSPACE_OWNER', roleName: 'Workspace Owner' });
    expect((await call('GET', '/', value)).status).toBe(200);
    expect((await call('POST', '/tokens', host.a.ownerToken, { name: 'x', role: 'GOD' })).json.errors[0].field).toBe('role');
    expect((await call('DELETE', `/tokens/${id}`, host.b.ownerToken)).status).toBe(404);
    expect((await call('DELETE', `/tokens/${id}`, host.a.ownerToken)).status).toBe(200);
    expect((await call('GET', '/', value)).status).toBe(401);
    const everything = host.bodies.filter((b) => b !== created.text).join('\n');
    expect(everything).not.toContain(value);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(host.a.ownerToken);
    expect(everything).not.toContain(host.a.memberToken);
  });

  it('rate-limits per token with X-RateLimit-* headers and 429', async () => {
    const limited = await startAdminTestHost({ rateLimit: 1 });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${limited.api}/`, { headers: { authorization: `Bearer ${limited.a.ownerToken}` } });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses).toContain(429);
      expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(last!.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      expect(((await last!.json()) as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('rate-limited');
      expect((await fetch(`${limited.api}/`, { headers: { authorization: `Bearer ${limited.b.ownerToken}` } })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('serves an OpenAPI 3.1 document generated from the route table', async () => {
    const res = await call('GET', '/openapi.json', undefined);
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    for (const route of adminRouteTable()) {
      const op = res.json.paths[route.path]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toMatchObject({ operationId: route.operationId, 'x-junction-permission': route.permission });
    }
    expect(res.json.paths['/sources/{sourceId}'].get.parameters).toEqual([{ name: 'sourceId', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(res.json.paths['/destination/{destinationId}/filters'].post['x-junction-audit-events']).toEqual(['Destination Filter Created']);
  });
});
