/**
 * Principals granted some sources (by id or by label): the lists show exactly what they may see
 * (with pagination totals of that), and the troubleshooting routes reach their own sources and
 * destinations. Warehouse-managed destinations are hidden from the lists and refuse direct edits.
 * Driven through the real `@segment/public-api-sdk-typescript` client.
 */
import { openAdminStore, openIamStore, warehouseRepo } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError, sdkFor } from './admin-sdk-client.ts';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';
import type { RoleId } from './permissions.ts';
import { managedDestinationName } from './warehouse-managed.ts';

let host: AdminTestHost;
const ids = { web: '', prod1: '', prod2: '', dev: '' };
const dest = { web: '', prod1: '', prod2: '', dev: '' };
const tokens = { byId: '', byLabel: '', minimal: '' };
let template: { integration: string; pluginVersion: string; settings: string };

async function scopedToken(role: RoleId, name: string, resources: Array<{ id: string; type: 'WORKSPACE' | 'SOURCE'; labels?: Array<{ key: string; value: string }> }>): Promise<string> {
  const { token, plaintext } = await openAdminStore(host.store).apiTokens.create({ workspaceId: host.a.id, name, role });
  await openIamStore(host.store).grants.replace(host.a.id, { type: 'token', id: token.id }, [{ roleId: role, resources }]);
  return plaintext;
}

beforeAll(async () => {
  host = await startAdminTestHost({ rateLimit: 0 });
  const owner = sdkFor(host.api, host.a.ownerToken);
  const hook = await owner.destinations.createDestination({ sourceId: host.a.sourceId, metadataId: 'webhook', name: 'Hook web', settings: { url: 'https://example.com/hook', sharedSecret: 's3cret-value' } });
  dest.web = hook.body.data!.destination.id;
  const row = (await host.store.destinations.get(dest.web))!;
  template = { integration: row.integration, pluginVersion: row.pluginVersion, settings: row.settings };
  ids.web = host.a.sourceId;
  const labels = openAdminStore(host.store).labels;
  for (const [key, env] of [['prod1', 'prod'], ['prod2', 'prod'], ['dev', 'dev']] as const) {
    const source = await host.store.sources.create({ workspaceId: host.a.id, slug: key, name: key });
    await labels.replaceOnResource(host.a.id, 'source', source.id, [{ key: 'environment', value: env }]);
    ids[key] = source.id;
    dest[key] = (await host.store.destinations.create({ sourceId: source.id, name: `Hook ${key}`, ...template })).id;
  }
  tokens.byId = await scopedToken('SOURCE_READ_ONLY', 'ro-web', [{ id: ids.web, type: 'SOURCE' }]);
  tokens.byLabel = await scopedToken('SOURCE_ADMIN', 'admin-prod', [{ id: host.a.id, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }]);
  tokens.minimal = await scopedToken('MINIMAL_WORKSPACE_ACCESS', 'minimal', [{ id: host.a.id, type: 'WORKSPACE' }]);
});
afterAll(async () => {
  await host?.close();
});

describe('lists for principals granted some sources', () => {
  it('GET /sources shows only the sources in scope, with pagination totals of those', async () => {
    const byId = (await sdkFor(host.api, tokens.byId).sources.listSources({ count: 10 })).body.data!;
    expect(byId.sources.map((s) => s.id)).toEqual([ids.web]);
    expect(byId.pagination.totalEntries).toBe(1);
    const labelSdk = sdkFor(host.api, tokens.byLabel).sources;
    const first = (await labelSdk.listSources({ count: 1 })).body.data!;
    expect(first.pagination.totalEntries).toBe(2);
    expect(first.pagination.next).toBeDefined();
    const second = (await labelSdk.listSources({ count: 1, cursor: first.pagination.next! })).body.data!;
    expect(second.pagination.next).toBeUndefined();
    expect([...first.sources, ...second.sources].map((s) => s.id).sort()).toEqual([ids.prod1, ids.prod2].sort());
    const all = (await sdkFor(host.api, host.a.memberToken).sources.listSources({ count: 10 })).body.data!;
    expect(all.pagination.totalEntries).toBe(4);
    expect((await sdkError(sdkFor(host.api, tokens.minimal).sources.listSources({ count: 10 }))).status).toBe(403);
  });

  it('GET /destinations shows only the destinations of sources in scope', async () => {
    const byId = (await sdkFor(host.api, tokens.byId).destinations.listDestinations({ count: 10 })).body.data!;
    expect(byId.destinations.map((d) => d.id)).toEqual([dest.web]);
    expect(byId.pagination.totalEntries).toBe(1);
    const byLabel = (await sdkFor(host.api, tokens.byLabel).destinations.listDestinations({ count: 10 })).body.data!;
    expect(byLabel.destinations.map((d) => d.id).sort()).toEqual([dest.prod1, dest.prod2].sort());
    expect(byLabel.pagination.totalEntries).toBe(2);
    expect((await sdkFor(host.api, host.a.ownerToken).destinations.listDestinations({ count: 10 })).body.data!.pagination.totalEntries).toBe(4);
    expect((await sdkError(sdkFor(host.api, tokens.minimal).destinations.listDestinations({ count: 10 }))).status).toBe(403);
    // Another workspace's owner sees none of these.
    expect((await sdkFor(host.api, host.b.ownerToken).destinations.listDestinations({ count: 10 })).body.data!.destinations.map((d) => d.id)).not.toContain(dest.web);
  });

  it('troubleshooting routes reach the sources and destinations in scope only', async () => {
    const get = (token: string, path: string) => fetch(`${host.api}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await get(tokens.byId, `/sources/${ids.web}/events/recent`)).toBe(200);
    expect(await get(tokens.byId, `/sources/${ids.prod1}/events/recent`)).toBe(403);
    expect(await get(tokens.byLabel, `/destinations/${dest.prod1}/event-delivery?window=1h`)).toBe(200);
    expect(await get(tokens.byLabel, `/destinations/${dest.dev}/event-delivery?window=1h`)).toBe(403);
    const window = 'startTime=2026-01-01T00:00:00Z&endTime=2026-01-01T01:00:00Z&granularity=minute';
    expect(await get(tokens.byLabel, `/delivery-overview/successful-delivery?sourceId=${ids.prod2}&destinationConfigId=${dest.prod2}&${window}`)).toBe(200);
    expect(await get(tokens.byLabel, `/delivery-overview/successful-delivery?sourceId=${ids.dev}&destinationConfigId=${dest.dev}&${window}`)).toBe(403);
    expect(await get(tokens.byId, `/delivery-overview/failed-on-ingest?sourceId=${ids.web}&${window}`)).toBe(200);
    expect(await get(tokens.byId, `/delivery-overview/failed-on-ingest?sourceId=${ids.dev}&${window}`)).toBe(403);
    const test = (token: string, destinationId: string) =>
      fetch(`${host.api}/destinations/${destinationId}/event-tester`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ event: { type: 'track', event: 'Scoped', userId: 'u1' }, dryRun: true }) });
    const tested = await test(tokens.byLabel, dest.prod1);
    expect(tested.status, await tested.clone().text()).toBe(200);
    expect((await test(tokens.byLabel, dest.dev)).status).toBe(403);
    expect((await test(tokens.byId, dest.web)).status).toBe(403); // read-only role: no event tester
  });
});

describe('warehouse-managed destinations', () => {
  it('are hidden from the lists, readable by id, and refuse direct PATCH and DELETE with a 409 naming the warehouse', async () => {
    const repo = warehouseRepo(host.store.db);
    const warehouse = await repo.create({ workspaceId: host.a.id, integration: template.integration, pluginVersion: template.pluginVersion, name: 'Lake', settings: template.settings });
    const managed = await host.store.destinations.create({ sourceId: ids.prod1, name: managedDestinationName(warehouse), ...template });
    await repo.connect({ warehouseId: warehouse.id, sourceId: ids.prod1, destinationId: managed.id });
    const owner = sdkFor(host.api, host.a.ownerToken);
    const listed = (await owner.destinations.listDestinations({ count: 10 })).body.data!;
    expect(listed.destinations.map((d) => d.id)).not.toContain(managed.id);
    expect(listed.pagination.totalEntries).toBe(4);
    const connected = (await owner.sources.listConnectedDestinationsFromSource(ids.prod1, { count: 10 })).body.data!;
    expect(connected.destinations.map((d) => d.id)).toEqual([dest.prod1]);
    expect(connected.pagination.totalEntries).toBe(1);
    expect((await owner.destinations.getDestination(managed.id)).body.data!.destination.id).toBe(managed.id);
    for (const call of [owner.destinations.updateDestination(managed.id, { name: 'Renamed' }), owner.destinations.deleteDestination(managed.id)]) {
      const refused = await sdkError(call);
      expect(refused.status).toBe(409);
      expect(refused.body.errors[0]!.message).toBe(`destination "${managed.id}" is managed by warehouse "Lake" (${warehouse.id}); change it through /warehouses/${warehouse.id}`);
    }
    expect((await host.store.destinations.get(managed.id))!.name).toBe('Lake (warehouse)');
    expect((await repo.connections({ warehouseId: warehouse.id })).map((c) => c.destinationId)).toEqual([managed.id]);
    // Ordinary destinations still change.
    expect((await owner.destinations.updateDestination(dest.prod2, { name: 'Hook prod 2' })).body.data!.destination.name).toBe('Hook prod 2');
  });
});
