import { webhookSettings } from '@junction/integration-webhook';
import { openDeliveryStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsCipher } from '../secrets/index.ts';
import { sdkError, sdkFor } from './admin-sdk-client.ts';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';

const SECRET = 'whsec_super-secret-value-0001';

describe('admin API driven by @segment/public-api-sdk-typescript', () => {
  let host: AdminTestHost;
  let sdk: ReturnType<typeof sdkFor>;
  beforeAll(async () => {
    host = await startAdminTestHost();
    sdk = sdkFor(host.api, host.a.ownerToken);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('gets the workspace', async () => {
    const { body } = await sdk.workspaces.getWorkspace();
    expect(body.data?.workspace).toEqual({ id: host.a.id, slug: 'ws-a', name: 'WS-A' });
  });

  it('creates, lists with cursors, updates and deletes sources with write keys and labels', async () => {
    const created = await sdk.sources.createSource({ slug: 'app', enabled: true, metadataId: 'javascript' });
    expect(created.response.statusCode).toBe(201);
    const source = created.body.data!.source;
    expect(source).toMatchObject({ slug: 'app', name: 'app', enabled: true, workspaceId: host.a.id, labels: [] });
    expect(source.metadata).toMatchObject({ id: 'javascript', name: 'JavaScript' });
    expect(source.writeKeys).toHaveLength(1);

    const page1 = (await sdk.sources.listSources({ count: 1 })).body.data!;
    expect(page1.sources.map((s) => s.slug)).toEqual(['web']);
    expect(page1.pagination).toMatchObject({ totalEntries: 2 });
    const page2 = (await sdk.sources.listSources({ count: 1, cursor: page1.pagination.next! })).body.data!;
    expect(page2.sources.map((s) => s.slug)).toEqual(['app']);
    expect(page2.pagination.next).toBeUndefined();
    expect(page2.pagination.previous).toBeDefined();

    const updated = (await sdk.sources.updateSource(source.id, { name: 'Mobile app', enabled: false })).body.data!.source;
    expect(updated).toMatchObject({ id: source.id, name: 'Mobile app', enabled: false, slug: 'app' });
    expect((await sdk.sources.getSource(source.id)).body.data!.source.name).toBe('Mobile app');

    const withTwo = (await sdk.sources.createWriteKeyForSource(source.id)).body.data!.source;
    expect(withTwo.writeKeys).toHaveLength(2);
    const [first, second] = withTwo.writeKeys;
    expect((await sdk.sources.removeWriteKeyFromSource(source.id, first!)).body.data!.status).toBe('SUCCESS');
    expect((await sdk.sources.getSource(source.id)).body.data!.source.writeKeys).toEqual([second]);
    expect(await host.store.findSourceByWriteKey(first!)).toBeUndefined();
    expect((await sdkError(sdk.sources.removeWriteKeyFromSource(source.id, host.a.writeKey))).status).toBe(404);

    await sdk.labels.createLabel({ label: { key: 'team', value: 'growth', description: 'Growth' } });
    const labels = (await sdk.labels.listLabels()).body.data!.labels.map((l) => `${l.key}:${l.value}`);
    expect(labels).toEqual(['environment:dev', 'environment:prod', 'team:growth']);
    const added = (await sdk.sources.addLabelsToSource(source.id, { labels: [{ key: 'environment', value: 'prod' }] })).body.data!.labels;
    expect(added.map((l) => `${l.key}:${l.value}`)).toEqual(['environment:prod']);
    const replaced = (await sdk.sources.replaceLabelsInSource(source.id, { labels: [{ key: 'team', value: 'growth' }] })).body.data!.labels;
    expect(replaced.map((l) => `${l.key}:${l.value}`)).toEqual(['team:growth']);
    expect((await sdk.sources.getSource(source.id)).body.data!.source.labels).toEqual([{ key: 'team', value: 'growth', description: 'Growth' }]);
    const inUse = await sdkError(sdk.labels.deleteLabel('team', 'growth'));
    expect(inUse.status).toBe(409);
    expect(inUse.body.errors[0]!.message).toMatch(/used by 1 resource/);

    expect((await sdk.sources.deleteSource(source.id)).body.data!.status).toBe('SUCCESS');
    expect((await sdkError(sdk.sources.getSource(source.id))).status).toBe(404);
    expect((await sdk.labels.deleteLabel('team', 'growth')).body.data!.status).toBe('SUCCESS');
  });

  it('serves the catalog', async () => {
    const destinations = (await sdk.catalog.getDestinationsCatalog({ count: 100 })).body.data!;
    const webhook = destinations.destinationsCatalog.find((d) => d.id === 'webhook');
    expect(webhook?.name).toBe('Webhook');
    const meta = (await sdk.catalog.getDestinationMetadata('webhook')).body.data!.destinationMetadata;
    expect(meta.options.map((o) => o.name)).toEqual(expect.arrayContaining(['url', 'sharedSecret']));
    expect(meta.presets).toEqual([{ actionId: 'send', name: 'Send all events', trigger: 'all', fields: {} }]);
    expect(meta.actions[0]).toMatchObject({ id: 'send', defaultTrigger: 'all', platform: 'CLOUD' });
    const sources = (await sdk.catalog.getSourcesCatalog({ count: 3 })).body.data!;
    expect(sources.sourcesCatalog).toHaveLength(3);
    expect(sources.pagination.next).toBeDefined();
    expect((await sdk.catalog.getSourceMetadata('node-js')).body.data!.sourceMetadata.name).toBe('Node.js');
    const warehouses = (await sdk.catalog.getWarehousesCatalog({ count: 10 })).body.data!.warehousesCatalog;
    for (const w of warehouses) expect((await sdk.catalog.getWarehouseMetadata(w.id)).body.data!.warehouseMetadata.id).toBe(w.id);
    expect((await sdkError(sdk.catalog.getWarehouseMetadata('no-such-warehouse'))).status).toBe(404);
    expect((await sdkError(sdk.catalog.getDestinationMetadata('no-such-destination'))).status).toBe(404);
  });

  it('manages destinations with encrypted, redacted settings, presets, subscriptions and filters', async () => {
    const created = (
      await sdk.destinations.createDestination({ sourceId: host.a.sourceId, metadataId: 'webhook', name: 'Hook', enabled: true, settings: { url: 'https://example.com/hook', sharedSecret: SECRET } })
    ).body.data!.destination;
    expect(created).toMatchObject({ name: 'Hook', enabled: true, sourceId: host.a.sourceId, settings: { url: 'https://example.com/hook', sharedSecret: `••••${SECRET.slice(-4)}` } });
    expect(created.metadata.id).toBe('webhook');
    const stored = await host.store.destinations.get(created.id);
    expect(stored!.settings).not.toContain(SECRET);
    const cipher = await createSettingsCipher({ dataDir: host.dataDir, env: {} });
    expect(cipher.open(webhookSettings, stored!.settings).sharedSecret).toBe(SECRET);

    const bad = await sdkError(sdk.destinations.createDestination({ sourceId: host.a.sourceId, metadataId: 'webhook', name: 'Bad', settings: { url: 'ftp://x' } }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]!.field).toBe('settings.url');
    expect((await sdkError(sdk.destinations.createDestination({ sourceId: host.a.sourceId, metadataId: 'nope', name: 'X', settings: {} }))).status).toBe(422);

    const presets = (await sdk.destinations.listSubscriptionsFromDestination(created.id, { count: 10 })).body.data!.subscriptions;
    expect(presets).toMatchObject([{ name: 'Send all events', actionId: 'send', trigger: 'all', enabled: true, destinationId: created.id }]);

    const updated = (await sdk.destinations.updateDestination(created.id, { name: 'Hook 2', settings: { url: 'https://example.com/v2', sharedSecret: `••••${SECRET.slice(-4)}` } })).body.data!.destination;
    expect(updated).toMatchObject({ name: 'Hook 2', settings: { url: 'https://example.com/v2', sharedSecret: `••••${SECRET.slice(-4)}` } });
    expect(cipher.open(webhookSettings, (await host.store.destinations.get(created.id))!.settings).sharedSecret).toBe(SECRET);
    expect((await sdk.destinations.getDestination(created.id)).body.data!.destination.name).toBe('Hook 2');
    expect((await sdk.destinations.listDestinations({ count: 10 })).body.data!.destinations.map((d) => d.id)).toEqual([created.id]);
    expect((await sdk.sources.listConnectedDestinationsFromSource(host.a.sourceId, { count: 10 })).body.data!.destinations.map((d) => d.id)).toEqual([created.id]);

    const sub = (await sdk.destinations.createDestinationSubscription(created.id, { name: 'Tracks', actionId: 'send', trigger: 'type = "track"', enabled: true })).body.data!.destinationSubscription;
    expect(sub).toMatchObject({ name: 'Tracks', actionId: 'send', actionSlug: 'send', trigger: 'type = "track"' });
    expect((await sdk.destinations.getSubscriptionFromDestination(created.id, sub.id)).body.data!.subscription.id).toBe(sub.id);
    const renamed = (await sdk.destinations.updateSubscriptionForDestination(created.id, sub.id, { input: { name: 'Signups', trigger: 'event = "Signed Up"' } })).body.data!.subscription;
    expect(renamed).toMatchObject({ name: 'Signups', trigger: 'event = "Signed Up"' });
    const badTrigger = await sdkError(sdk.destinations.createDestinationSubscription(created.id, { name: 'x', actionId: 'send', trigger: 'event = ', enabled: true }));
    expect(badTrigger.status).toBe(422);
    expect(badTrigger.body.errors[0]).toMatchObject({ type: 'validation', field: 'trigger' });
    expect(badTrigger.body.errors[0]!.message).toMatch(/line 1, column 9/);
    expect((await sdkError(sdk.destinations.createDestinationSubscription(created.id, { name: 'x', actionId: 'nope', trigger: 'all', enabled: true }))).body.errors[0]!.field).toBe('actionId');
    expect((await sdk.destinations.removeSubscriptionFromDestination(created.id, sub.id)).body.data!.status).toBe('SUCCESS');
    expect((await openDeliveryStore(host.store).config.listSubscriptions([created.id])).map((s) => s.name)).toEqual(['Send all events']);

    const filter = (
      await sdk.destinationFilters.createFilterForDestination(created.id, { sourceId: host.a.sourceId, if: 'event = "Spam"', actions: [{ type: 'DROP' as never }], title: 'No spam', enabled: true })
    ).body.data!.filter;
    expect(filter).toMatchObject({ sourceId: host.a.sourceId, destinationId: created.id, if: 'event = "Spam"', title: 'No spam', enabled: true });
    expect((await sdk.destinationFilters.listFiltersFromDestination(created.id, { count: 10 })).body.data!.filters.map((f) => f.id)).toEqual([filter.id]);
    expect((await sdk.destinationFilters.getFilterInDestination(created.id, filter.id)).body.data!.filter.title).toBe('No spam');
    const changed = (await sdk.destinationFilters.updateFilterForDestination(created.id, filter.id, { title: 'Drop spam', enabled: false })).body.data!.filter;
    expect(changed).toMatchObject({ title: 'Drop spam', enabled: false, if: 'event = "Spam"' });
    const badFilter = await sdkError(
      sdk.destinationFilters.createFilterForDestination(created.id, { sourceId: host.a.sourceId, if: 'event = "x', actions: [{ type: 'SAMPLE' as never, percent: 50 }], title: 't', enabled: true }),
    );
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.errors.map((e) => e.field)).toEqual(['if', 'actions[0].percent']);
    const preview = (
      await sdk.destinationFilters.previewDestinationFilter({
        filter: { if: 'type = "identify"', actions: [{ type: 'DROP_PROPERTIES' as never, fields: { traits: ['email'] } }] },
        payload: { type: 'identify', traits: { email: 'a@b.c', plan: 'pro' } },
      })
    ).body.data!;
    expect(preview).toEqual({ inputPayload: { type: 'identify', traits: { email: 'a@b.c', plan: 'pro' } }, result: { type: 'identify', traits: { plan: 'pro' } } });
    expect((await sdk.destinationFilters.removeFilterFromDestination(created.id, filter.id)).body.data!.status).toBe('SUCCESS');

    expect((await sdk.destinations.deleteDestination(created.id)).body.data!.status).toBe('SUCCESS');
    expect((await sdkError(sdk.destinations.getDestination(created.id))).status).toBe(404);
  });

  it('lists the audit trail of everything above, newest first, without secrets', async () => {
    const data = (await sdk.auditTrail.listAuditEvents({ count: 1000 })).body.data!;
    const types = data.events.map((e) => e.type);
    for (const t of ['Source Created', 'Source Modified', 'Source Deleted', 'Label Created', 'Label Deleted', 'Integration Created', 'Integration Modified', 'Integration Deleted', 'Destination Subscription Created', 'Destination Subscription Modified', 'Destination Subscription Deleted', 'Destination Filter Created', 'Destination Filter Modified', 'Destination Filter Deleted']) {
      expect(types).toContain(t);
    }
    expect(data.events[0]!.type).toBe('Integration Deleted');
    expect(data.events.every((e) => e.actor !== '' && e.resourceId !== '')).toBe(true);
    const onlySources = (await sdk.auditTrail.listAuditEvents({ count: 1000 }, undefined, undefined, undefined, 'source')).body.data!.events;
    expect(new Set(onlySources.map((e) => e.resourceType))).toEqual(new Set(['source']));
    expect(host.bodies.some((b) => b.includes(SECRET))).toBe(false);
  });
});
