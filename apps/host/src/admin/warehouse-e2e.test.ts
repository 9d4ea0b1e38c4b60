/**
 * End to end: a postgres-warehouse warehouse created through the SDK, pointing at the real
 * PostgreSQL (a fresh schema), the host's source connected, the delivery engine running in-process
 * on the host's store (as main.ts runs it), events tracked over HTTP, rows in the warehouse tables.
 */
import type { Engine } from '@junction/engine';
import { closeAllPools } from '@junction/integration-postgres-warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncResolver } from '../delivery/plugin-resolver.ts';
import { startDelivery } from '../delivery/start-delivery.ts';
import { createPluginLoader } from '../plugins/index.ts';
import { createSettingsCipher } from '../secrets/index.ts';
import { basicAuth } from '../test-support/test-host.ts';
import { sdkFor } from './admin-sdk-client.ts';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';
import { testWarehouseSettings, withTestPg } from './warehouse-test-support.ts';

const settings = testWarehouseSettings('pg-e2e-password-9876');

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 300 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  if (!done(value)) throw new Error(`gave up waiting for ${what}; last value: ${JSON.stringify(value)}`);
  return value;
}

describe('warehouse end to end: SDK → managed destination → engine → PostgreSQL tables', () => {
  let host: AdminTestHost;
  let engine: Engine | undefined;
  beforeAll(async () => {
    host = await startAdminTestHost();
  });
  afterAll(async () => {
    await engine?.stop();
    await host?.close();
    await closeAllPools();
    await withTestPg((c) => c.query(`DROP SCHEMA IF EXISTS ${settings.schema} CASCADE`));
  });

  it('loads tracked events of the connected source into the warehouse and reports the sync', async () => {
    const sdk = sdkFor(host.api, host.a.ownerToken);
    const warehouse = (await sdk.warehouses.createWarehouse({ metadataId: 'postgres-warehouse', name: 'E2E', settings })).body.data!.warehouse;
    await sdk.warehouses.addConnectionFromSourceToWarehouse(warehouse.id, host.a.sourceId);

    const cipher = await createSettingsCipher({ dataDir: host.dataDir, env: {} });
    const resolver = await createSyncResolver(createPluginLoader({ dataDir: host.dataDir }), cipher, ['postgres-warehouse']);
    engine = await startDelivery(host.store, { ...resolver, configRefreshMs: 200, pollIntervalMs: 50 });
    // A new destination starts with events received after it was created: send after the engine has it.
    await until('the engine to hold the warehouse lanes', async () => engine!.status().lanesHeld, (n) => n > 0);

    const batch = [
      { type: 'identify', userId: 'u-1', messageId: 'wh-e2e-1', traits: { email: 'ada@example.com', plan: 'pro' } },
      { type: 'track', userId: 'u-1', messageId: 'wh-e2e-2', event: 'Order Completed', properties: { total: 42.5, coupon: 'WINTER' } },
      { type: 'track', userId: 'u-1', messageId: 'wh-e2e-3', event: 'Order Completed', properties: { total: 7 } },
      { type: 'page', anonymousId: 'anon-1', messageId: 'wh-e2e-4', name: 'Home', properties: { path: '/' } },
    ];
    const res = await fetch(`${host.url}/v1/batch`, { method: 'POST', headers: { authorization: basicAuth(host.a.writeKey), 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
    expect(res.status).toBe(200);

    const q = (text: string) => withTestPg(async (c) => (await c.query(text)).rows);
    const orders = await until(
      'rows in order_completed',
      () => q(`SELECT id, total, coupon FROM ${settings.schema}.order_completed ORDER BY id`).catch(() => []),
      (rows) => rows.length === 2,
    );
    expect(orders).toEqual([
      { id: 'wh-e2e-2', total: 42.5, coupon: 'WINTER' },
      { id: 'wh-e2e-3', total: 7, coupon: null },
    ]);
    const s = settings.schema;
    await until('every table loaded', () => q(`SELECT (SELECT count(*)::int FROM ${s}.tracks) + (SELECT count(*)::int FROM ${s}.identifies) + (SELECT count(*)::int FROM ${s}.pages) AS n`).catch(() => [{ n: 0 }]), (r) => r[0]?.n === 4);
    expect(await q(`SELECT id, event, event_text FROM ${s}.tracks ORDER BY id`)).toEqual([
      { id: 'wh-e2e-2', event: 'order_completed', event_text: 'Order Completed' },
      { id: 'wh-e2e-3', event: 'order_completed', event_text: 'Order Completed' },
    ]);
    expect(await q(`SELECT id, email, plan FROM ${s}.users`)).toEqual([{ id: 'u-1', email: 'ada@example.com', plan: 'pro' }]);
    expect(await q(`SELECT id, name, path FROM ${s}.pages`)).toEqual([{ id: 'wh-e2e-4', name: 'Home', path: '/' }]);

    const reports = (await sdk.selectiveSync.listSyncsFromWarehouse(warehouse.id, { count: 10 })).body.data!.reports;
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ sourceId: host.a.sourceId, status: 'SUCCESS' });
    expect(reports[0]!.count).toBeGreaterThan(0);
    const bySource = (await sdk.selectiveSync.listSyncsFromWarehouseAndSource(warehouse.id, host.a.sourceId, { count: 10 })).body.data!.reports;
    expect(bySource[0]).toMatchObject({ sourceId: host.a.sourceId, status: reports[0]!.status, start: reports[0]!.start });
  }, 60_000);
});
