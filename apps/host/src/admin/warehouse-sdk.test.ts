import { closeAllPools, postgresWarehouseSettings } from '@junction/integration-postgres-warehouse';
import { openDeliveryStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsCipher } from '../secrets/index.ts';
import { sdkError, sdkFor } from './admin-sdk-client.ts';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';
import { testWarehouseSettings, withTestPg } from './warehouse-test-support.ts';

const SECRET = 'pg-password-never-shown-4321';
const REDACTED = `••••${SECRET.slice(-4)}`;

describe('warehouses driven by @segment/public-api-sdk-typescript', () => {
  let host: AdminTestHost;
  let sdk: ReturnType<typeof sdkFor>;
  const settings = testWarehouseSettings(SECRET);
  let warehouseId = '';

  beforeAll(async () => {
    host = await startAdminTestHost();
    sdk = sdkFor(host.api, host.a.ownerToken);
  });
  afterAll(async () => {
    await host?.close();
    await closeAllPools();
    await withTestPg((c) => c.query(`DROP SCHEMA IF EXISTS ${settings.schema} CASCADE`));
  });

  it('validates settings against the plugin schema and against the real PostgreSQL', async () => {
    const ok = (await sdk.warehouses.createValidationInWarehouse({ metadataId: 'postgres-warehouse', settings })).body.data!;
    expect(ok).toEqual({ status: 'CONNECTED' });
    const down = (await sdk.warehouses.createValidationInWarehouse({ metadataId: 'postgres-warehouse', settings: { ...settings, port: 1 } })).body.data!;
    expect(down.status).toBe('FAILED');
    // The SDK keeps only Segment's fields; Junction adds the error code and message (no secrets).
    expect(JSON.parse(host.bodies.at(-1)!).data.error).toMatchObject({ code: 'NETWORK_ERROR', message: expect.any(String) });
    const bad = await sdkError(sdk.warehouses.createValidationInWarehouse({ metadataId: 'postgres-warehouse', settings: { ...settings, schema: 'Bad-Schema', sslMode: 'sometimes' } }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['settings.schema', 'settings.sslMode']);
    const notWarehouse = await sdkError(sdk.warehouses.createValidationInWarehouse({ metadataId: 'webhook', settings: {} }));
    expect(notWarehouse.body.errors[0]).toMatchObject({ field: 'metadataId' });
  });

  it('creates, lists, gets and updates warehouses with sealed, redacted settings', async () => {
    const created = await sdk.warehouses.createWarehouse({ metadataId: 'postgres-warehouse', name: 'Analytics', settings });
    expect(created.response.statusCode).toBe(201);
    const w = created.body.data!.warehouse;
    expect(w).toMatchObject({ workspaceId: host.a.id, enabled: true, settings: { ...settings, password: REDACTED } });
    expect(w.metadata).toMatchObject({ id: 'postgres-warehouse', slug: 'postgres-warehouse' });
    warehouseId = w.id;
    const cipher = await createSettingsCipher({ dataDir: host.dataDir, env: {} });
    const sealed = (await host.store.db.selectFrom('warehouses' as never).select('settings' as never).where('id' as never, '=', w.id as never).executeTakeFirst()) as { settings: string };
    expect(sealed.settings).not.toContain(SECRET);
    expect(cipher.open(postgresWarehouseSettings, sealed.settings).password).toBe(SECRET);

    const bad = await sdkError(sdk.warehouses.createWarehouse({ metadataId: 'postgres-warehouse', settings: { port: 'x' } }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['settings.port', 'settings.schema']));
    expect((await sdkError(sdk.warehouses.createWarehouse({ metadataId: 'webhook', settings: {} }))).status).toBe(422);
    expect((await sdkError(sdkFor(host.api, host.a.memberToken).warehouses.createWarehouse({ metadataId: 'postgres-warehouse', settings }))).status).toBe(403);

    expect((await sdk.warehouses.listWarehouses({ count: 10 })).body.data!.warehouses.map((x) => x.id)).toEqual([w.id]);
    expect((await sdkFor(host.api, host.b.ownerToken).warehouses.listWarehouses({ count: 10 })).body.data!.warehouses).toEqual([]);
    expect((await sdkError(sdkFor(host.api, host.b.ownerToken).warehouses.getWarehouse(w.id))).status).toBe(404);
    expect((await sdk.warehouses.getWarehouse(w.id)).body.data!.warehouse.settings.password).toBe(REDACTED);

    const updated = (await sdk.warehouses.updateWarehouse(w.id, { name: 'Analytics 2', settings: { ...settings, password: REDACTED, sslMode: 'disable' } })).body.data!.warehouse;
    expect(updated.settings).toMatchObject({ password: REDACTED, schema: settings.schema });
    expect(JSON.parse(host.bodies.at(-1)!).data.warehouse.name).toBe('Analytics 2');
    const resealed = (await host.store.db.selectFrom('warehouses' as never).select('settings' as never).where('id' as never, '=', w.id as never).executeTakeFirst()) as { settings: string };
    expect(cipher.open(postgresWarehouseSettings, resealed.settings).password).toBe(SECRET);
    expect((await sdk.warehouses.getConnectionStateFromWarehouse(w.id)).body.data!.connectionState).toBe('CONNECTED');
  });

  it('connects the source through a managed destination with the presets, and propagates updates', async () => {
    const added = await sdk.warehouses.addConnectionFromSourceToWarehouse(warehouseId, host.a.sourceId);
    expect(added.response.statusCode).toBe(201);
    expect(added.body.data!.status).toBe('CONNECTED');
    expect((await sdkError(sdk.warehouses.addConnectionFromSourceToWarehouse(warehouseId, host.a.sourceId))).status).toBe(409);
    expect((await sdkError(sdk.warehouses.addConnectionFromSourceToWarehouse(warehouseId, host.b.sourceId))).status).toBe(404);

    const managed = await host.store.destinations.list({ sourceId: host.a.sourceId });
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({ integration: 'postgres-warehouse', name: 'Analytics 2 (warehouse)', enabled: true });
    const subs = await openDeliveryStore(host.store).config.listSubscriptions([managed[0]!.id]);
    expect(subs.map((s) => [s.name, s.actionId, s.trigger])).toEqual([['Load all events', 'load', 'all']]);
    // Managed through /warehouses: hidden from the destination lists, readable by id (redacted), not editable directly.
    expect((await sdk.destinations.listDestinations({ count: 10 })).body.data!.destinations).toEqual([]);
    expect((await sdk.sources.listConnectedDestinationsFromSource(host.a.sourceId, { count: 10 })).body.data!.destinations).toEqual([]);
    const byId = (await sdk.destinations.getDestination(managed[0]!.id)).body.data!.destination;
    expect(byId.name).toBe('Analytics 2 (warehouse)');
    expect(byId.settings.password).toBe(REDACTED);
    const refused = await sdkError(sdk.destinations.deleteDestination(managed[0]!.id));
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]!.message).toContain(`change it through /warehouses/${warehouseId}`);

    const sources = (await sdk.warehouses.listConnectedSourcesFromWarehouse(warehouseId, { count: 10 })).body.data!.sources;
    expect(sources.map((s) => s.id)).toEqual([host.a.sourceId]);
    const warehouses = (await sdk.sources.listConnectedWarehousesFromSource(host.a.sourceId, { count: 10 })).body.data!.warehouses;
    expect(warehouses.map((w) => w.id)).toEqual([warehouseId]);
    expect((await sdk.selectiveSync.listSyncsFromWarehouse(warehouseId, { count: 10 })).body.data!.reports).toEqual([]);
    expect((await sdk.selectiveSync.listSyncsFromWarehouseAndSource(warehouseId, host.a.sourceId, { count: 10 })).body.data!.reports).toEqual([]);

    const disabled = (await sdk.warehouses.updateWarehouse(warehouseId, { enabled: false, settings: { ...settings, password: REDACTED } })).body.data!.warehouse;
    expect(disabled.enabled).toBe(false);
    expect((await host.store.destinations.get(managed[0]!.id))!.enabled).toBe(false);

    expect((await sdk.warehouses.removeSourceConnectionFromWarehouse(warehouseId, host.a.sourceId)).body.data!.status).toBe('SUCCESS');
    expect(await host.store.destinations.get(managed[0]!.id)).toBeUndefined();
    expect((await sdkError(sdk.warehouses.removeSourceConnectionFromWarehouse(warehouseId, host.a.sourceId))).status).toBe(404);
    expect((await sdk.sources.listConnectedWarehousesFromSource(host.a.sourceId, { count: 10 })).body.data!.warehouses).toEqual([]);
  });

  it('deletes a warehouse with its managed destinations, and audits every change without secrets', async () => {
    await sdk.warehouses.addConnectionFromSourceToWarehouse(warehouseId, host.a.sourceId);
    const [managed] = await host.store.destinations.list({ sourceId: host.a.sourceId });
    expect((await sdk.warehouses.deleteWarehouse(warehouseId)).body.data!.status).toBe('SUCCESS');
    expect(await host.store.destinations.get(managed!.id)).toBeUndefined();
    expect((await sdkError(sdk.warehouses.getWarehouse(warehouseId))).status).toBe(404);

    const events = (await sdk.auditTrail.listAuditEvents({ count: 1000 })).body.data!.events;
    const types = events.filter((e) => e.resourceId === warehouseId).map((e) => e.type);
    for (const t of ['Warehouse Created', 'Warehouse Modified', 'Warehouse Disabled', 'Warehouse Source Connected', 'Warehouse Source Disconnected', 'Warehouse Deleted']) expect(types).toContain(t);
    expect(host.bodies.some((b) => b.includes(SECRET))).toBe(false);
  });
});
