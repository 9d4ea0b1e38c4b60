import { DeliveryOverviewApi } from '@segment/public-api-sdk-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HealthHost, startHealthHost } from '../health/__fixtures__/health-host.ts';
import { sdkError } from '../admin/admin-sdk-client.ts';

let host: HealthHost;
let overview: DeliveryOverviewApi;
beforeAll(async () => {
  host = await startHealthHost('sqlite');
  overview = new DeliveryOverviewApi(host.api);
  overview.accessToken = host.token;
});
afterAll(async () => {
  await host?.close();
});

async function track(body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${host.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${host.writeKey}:`).toString('base64')}` }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

describe('source-side delivery overview (SDK DeliveryOverviewApi)', () => {
  it('counts accepted and rejected events from the ingest metrics, and filtered-at-source is zero', async () => {
    for (const n of [1, 2, 3]) expect(await track({ userId: `u${n}`, event: 'Order Completed' })).toBe(200);
    expect(await track({ userId: 'u4' })).toBe(400); // event_not_defined
    expect(await track({ userId: 'u5' })).toBe(400);
    expect(await track({ event: 'No id' })).toBe(400); // no_user_anon_id
    const now = Date.now();
    const start = new Date(Math.floor(now / 3_600_000) * 3_600_000 - 3_600_000).toISOString();
    const end = new Date(Math.ceil((now + 1) / 3_600_000) * 3_600_000).toISOString();
    const buckets = (Date.parse(end) - Date.parse(start)) / 60_000;

    const received = (await overview.getIngressSuccessMetricsFromDeliveryOverview(host.sourceId, start, end, 'minute', { count: 10 })).body.data!;
    expect(received.total).toBe(3);
    expect(received.dataset).toHaveLength(1);
    expect(received.dataset[0]!.series).toHaveLength(buckets);
    expect(received.dataset[0]!.series.reduce((s, p) => s + p.count, 0)).toBe(3);
    expect(received.dataset[0]!.series.filter((p) => p.count > 0).every((p) => Date.parse(p.time) <= now)).toBe(true);

    const failed = (await overview.getIngressFailedMetricsFromDeliveryOverview(host.sourceId, start, end, 'hour', { count: 10 }, ['discardReason'])).body.data!;
    expect(failed.total).toBe(3);
    expect(failed.dataset.map((d) => [d.discardReason, d.total])).toEqual([['event_not_defined', 2], ['no_user_anon_id', 1]]);
    expect(failed.dataset[0]!.series).toHaveLength(2);
    const only = (await overview.getIngressFailedMetricsFromDeliveryOverview(host.sourceId, start, end, 'hour', { count: 10 }, ['discardReason'], { discardReason: ['no_user_anon_id'] })).body.data!;
    expect(only.dataset.map((d) => [d.discardReason, d.total])).toEqual([['no_user_anon_id', 1]]);
    const paged = (await overview.getIngressFailedMetricsFromDeliveryOverview(host.sourceId, start, end, 'hour', { count: 1 }, ['discardReason'])).body.data!;
    expect(paged.dataset).toHaveLength(1);
    expect(paged.total).toBe(3);
    expect(paged.pagination.totalEntries).toBe(2);

    const filtered = (await overview.getFilteredAtSourceMetricsFromDeliveryOverview(host.sourceId, start, end, 'hour', { count: 10 })).body.data!;
    expect(filtered.total).toBe(0);
    expect(filtered.dataset.map((d) => d.series.map((p) => p.count))).toEqual([[0, 0]]);
    expect((await overview.getFilteredAtSourceMetricsFromDeliveryOverview(host.sourceId, start, end, 'hour', { count: 10 }, ['discardReason'])).body.data!).toMatchObject({ total: 0, dataset: [] });
  });

  it('names bad parameters and answers 404 for an unknown source', async () => {
    const start = '2026-01-01T00:00:00Z';
    const bad = await sdkError(overview.getIngressSuccessMetricsFromDeliveryOverview(host.sourceId, start, '2026-01-03T00:00:00Z', 'minute', { count: 10 }));
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'granularity' }] } });
    const dim = await sdkError(overview.getIngressSuccessMetricsFromDeliveryOverview(host.sourceId, start, '2026-01-02T00:00:00Z', 'hour', { count: 10 }, ['discardReason']));
    expect(dim).toMatchObject({ status: 400, body: { errors: [{ field: 'groupBy' }] } });
    const name = await sdkError(overview.getIngressFailedMetricsFromDeliveryOverview(host.sourceId, start, '2026-01-02T00:00:00Z', 'hour', { count: 10 }, ['eventName']));
    expect(name.body.errors[0]!.field).toBe('groupBy');
    expect((await sdkError(overview.getIngressFailedMetricsFromDeliveryOverview('src_missing', start, '2026-01-02T00:00:00Z', 'hour', { count: 10 }))).status).toBe(404);
    const missing = await fetch(`${host.api}/delivery-overview/failed-on-ingest?startTime=${start}&endTime=2026-01-02T00:00:00Z&granularity=hour`, { headers: { authorization: `Bearer ${host.token}` } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('sourceId');
  });
});
