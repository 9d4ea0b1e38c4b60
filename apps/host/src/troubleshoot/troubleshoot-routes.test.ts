import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '@junction/core';
import { createEngine } from '@junction/engine';
import { webhook } from '@junction/integration-webhook';
import { openDeliveryStore } from '@junction/store';
import { DeliveryOverviewApi } from '@segment/public-api-sdk-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsCipher } from '../secrets/index.ts';
import { startTroubleshootHost, type TroubleshootHost } from './__fixtures__/troubleshoot-host.ts';

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const hits: Hit[] = [];
const sink = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const fail = body.includes('"fail":true');
    res.writeHead(fail ? 400 : 200, { 'content-type': 'application/json' }).end(fail ? '{"error":"fail flag set"}' : '{"ok":true}');
  });
});

const TOKEN = 'Bearer tok_live_sinkcredential42';
const SECRET = 'whsec_routes_0123456789abcdef';
let host: TroubleshootHost;
let sinkUrl = '';
let destinationId = '';
let blockingFilterId = '';

const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field by the assertions
type Json = any;
async function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${host.api}${path}`, { method: init.method ?? 'GET', headers: auth(init.token ?? host.a.ownerToken), ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  return { status: res.status, body: await res.json() };
}
async function track(event: Record<string, unknown>, call = 'track'): Promise<void> {
  const res = await fetch(`${host.url}/v1/${call}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${host.a.writeKey}:`).toString('base64')}` }, body: JSON.stringify(event) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
  host = await startTroubleshootHost();
  const created = await api('/destinations', { method: 'POST', body: { sourceId: host.a.sourceId, metadataId: 'webhook', name: 'Sink', enabled: true, settings: { url: sinkUrl, headers: { Authorization: TOKEN, 'X-Team': 'growth' }, sharedSecret: SECRET } } });
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  destinationId = created.body.data.destination.id;
  const config = openDeliveryStore(host.store).config;
  const [preset] = await config.listSubscriptions([destinationId]);
  await config.updateSubscription(preset!.id, { trigger: 'type = "track"' });
  blockingFilterId = (await config.createFilter({ destinationId, title: 'Block test users', if: 'userId = "blocked"', actions: [{ type: 'DROP' }] })).id;
});
afterAll(async () => {
  await host.close();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
});

describe('Event Tester', () => {
  it('lists recent events and sends a picked one, reporting exactly what the destination received', async () => {
    await track({ userId: 'u-tester', event: 'Signed Up', messageId: 'm-tester-1', properties: { plan: 'pro' } });
    await track({ userId: 'u-tester', event: 'Upgraded', messageId: 'm-tester-2' });
    const recent = await api(`/sources/${host.a.sourceId}/events/recent?count=2`);
    expect(recent.body.data.events.map((e: { messageId: string }) => e.messageId)).toEqual(['m-tester-2', 'm-tester-1']);

    hits.length = 0;
    const tested = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { sourceEventMessageId: 'm-tester-1' } });
    expect(tested.status).toBe(200);
    const test = tested.body.data.test;
    expect(test.origin).toMatchObject({ kind: 'source', messageId: 'm-tester-1' });
    expect(test.subscriptions).toHaveLength(1);
    const [sub] = test.subscriptions;
    expect(sub).toMatchObject({ matched: true, verdict: 'MATCHED', result: { status: 'success' }, error: null });
    expect(hits).toHaveLength(1);
    const x = sub.exchanges[0];
    expect(`${x.request.method} ${x.request.url}`).toBe(`${hits[0]!.method} ${sinkUrl}`);
    expect(x.request.body).toBe(hits[0]!.body);
    expect(JSON.parse(x.request.body)).toMatchObject({ messageId: 'm-tester-1', event: 'Signed Up', properties: { plan: 'pro' } });
    expect(x.request.headers['x-team']).toBe(hits[0]!.headers['x-team']);
    expect(hits[0]!.headers.authorization).toBe(TOKEN);
    expect(x.request.headers.authorization).toBe('[redacted]');
    expect(x.response).toMatchObject({ status: 200, body: '{"ok":true}' });
    const raw = JSON.stringify(tested.body);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('sinkcredential42');
  });

  it('dry run sends nothing; a typed event gets the error code and help; filters and triggers are explained', async () => {
    hits.length = 0;
    const dry = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { dryRun: true, event: { type: 'track', userId: 'u9', event: 'Typed' } } });
    expect(dry.status).toBe(200);
    expect(dry.body.data.test.subscriptions[0].exchanges[0]).toMatchObject({ synthetic: true, request: { method: 'POST', url: sinkUrl } });
    expect(JSON.parse(dry.body.data.test.subscriptions[0].exchanges[0].request.body)).toMatchObject({ type: 'track', event: 'Typed', userId: 'u9', messageId: expect.any(String) });
    expect(hits).toHaveLength(0);

    const rejected = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { event: { type: 'track', userId: 'u9', event: 'Bad', properties: { fail: true } } } });
    expect(rejected.body.data.test.subscriptions[0].error).toMatchObject({ code: 'PAYLOAD_REJECTED', title: 'Rejected by the destination', retryable: false });
    expect(rejected.body.data.test.subscriptions[0].exchanges[0].response).toMatchObject({ status: 400, body: '{"error":"fail flag set"}' });

    const filtered = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { dryRun: true, event: { type: 'track', userId: 'blocked', event: 'X' } } });
    expect(filtered.body.data.test.route).toMatchObject({ kind: 'filtered', reason: 'FILTERED_BY_RULES', droppedBy: expect.any(String) });
    expect(filtered.body.data.test.routeHelp.code).toBe('FILTERED_BY_RULES');
    const identify = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { dryRun: true, event: { type: 'identify', userId: 'u9' } } });
    expect(identify.body.data.test.subscriptions[0]).toMatchObject({ matched: false, verdict: 'TRIGGER_FALSE' });
    expect(hits).toHaveLength(1); // only the rejected one was sent
  });

  it('rejects bad input and enforces permissions', async () => {
    const invalid = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { event: { type: 'track', userId: 'u1' } } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0]).toMatchObject({ field: 'event.event' });
    expect((await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: {} })).status).toBe(422);
    const missing = await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { sourceEventMessageId: 'nope' } });
    expect(missing.status).toBe(404);
    expect((await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { dryRun: true, event: { type: 'track', userId: 'u', event: 'e' } }, token: host.a.memberToken })).status).toBe(403);
    expect((await api(`/destinations/${destinationId}/event-tester`, { method: 'POST', body: { dryRun: true, event: { type: 'track', userId: 'u', event: 'e' } }, token: host.b.ownerToken })).status).toBe(404);
    expect((await api(`/sources/${host.a.sourceId}/events/recent`, { token: host.b.ownerToken })).status).toBe(404);
  });
});

describe('source debugger (SSE)', () => {
  it('streams the events tracked while a client is connected', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.api}/sources/${host.a.sourceId}/debugger`, { headers: { authorization: `Bearer ${host.a.memberToken}`, accept: 'text/event-stream' }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const frames: Array<{ event: string; id?: string; data: string }> = [];
    const next = async (until: () => boolean) => {
      while (!until()) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
        let at = buffer.indexOf('\n\n');
        while (at >= 0) {
          const frame = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const field = (name: string) => frame.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          if (field('data') !== undefined) frames.push({ event: field('event') ?? 'message', data: field('data')!, ...(field('id') ? { id: field('id')! } : {}) });
          at = buffer.indexOf('\n\n');
        }
      }
    };
    await next(() => frames.some((f) => f.event === 'ready'));
    await track({ userId: 'u-live', event: 'Live One', messageId: 'm-live-1' });
    await track({ userId: 'u-live-2', event: 'Live Two', messageId: 'm-live-2' });
    await next(() => frames.filter((f) => f.event === 'track').length >= 2);
    controller.abort();
    const events = frames.filter((f) => f.event === 'track').map((f) => JSON.parse(f.data));
    expect(events.map((e) => e.messageId)).toEqual(['m-live-1', 'm-live-2']);
    expect(events[0].event).toMatchObject({ type: 'track', event: 'Live One', userId: 'u-live' });
    expect(Number(frames.find((f) => f.event === 'track')!.id)).toBe(events[0].seq);
  });

  it('answers 401 without a token and 404 for another workspace', async () => {
    expect((await fetch(`${host.api}/sources/${host.a.sourceId}/debugger`)).status).toBe(401);
    const other = await fetch(`${host.api}/sources/${host.a.sourceId}/debugger`, { headers: { authorization: `Bearer ${host.b.ownerToken}` } });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ errors: [{ status: 404 }] });
  });
});

describe('Event Delivery and delivery overview', () => {
  it('counts delivered, failed, filtered and discarded exactly and the SDK overview returns the same numbers', async () => {
    // Events tracked so far (tester tests, debugger) plus these, delivered by a real engine.
    await track({ userId: 'd-1', event: 'Fails', properties: { fail: true } });
    await track({ userId: 'blocked', event: 'Filtered' });
    await track({ userId: 'd-2', traits: { plan: 'pro' } }, 'identify');
    const cipher = await createSettingsCipher({ dataDir: host.dataDir, env: {} });
    const delivery = openDeliveryStore(host.store);
    const engine = createEngine({ store: host.store, resolveIntegration: () => webhook, decryptSettings: (d) => cipher.open(webhook.settings, d.settings), pollIntervalMs: 20, metricsFlushMs: 50, configRefreshMs: 100 });
    await engine.start();
    for (;;) {
      const cursors = await delivery.cursors.list(destinationId);
      const pending = await delivery.log.pending(host.a.sourceId, new Map(cursors.map((c) => [c.partition, c.seq])));
      if (cursors.length > 0 && pending.count === 0 && (await delivery.retries.backlog(destinationId)).count === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await engine.stop();
    // tracked: m-tester-1, m-tester-2, m-live-1, m-live-2 (delivered), Fails (failed), blocked (filtered), identify (discarded)
    const view = (await api(`/destinations/${destinationId}/event-delivery?window=1h`)).body.data.eventDelivery;
    expect(view.totals).toEqual({ delivered: 4, retried: 0, failed: 1, filtered: 1, discarded: 1 });
    expect(view.window.granularity).toBe('minute');
    expect(view.series.reduce((s: number, b: { delivered: number }) => s + b.delivered, 0)).toBe(4);
    expect(view.series).toHaveLength(61);
    expect(view.breakdown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'failed', code: 'PAYLOAD_REJECTED', count: 1, retryable: false, title: 'Rejected by the destination' }),
        expect.objectContaining({ outcome: 'filtered', code: 'FILTERED_BY_RULES', filterId: blockingFilterId, count: 1 }),
        expect.objectContaining({ outcome: 'discarded', code: 'NO_MATCHING_MAPPING', count: 1 }),
      ]),
    );
    expect(view.failedSamples).toHaveLength(1);
    expect(view.failedSamples[0]).toMatchObject({ errorCode: 'PAYLOAD_REJECTED', count: 1 });
    expect(view.failedSamples[0].samples[0]).toMatchObject({ eventType: 'track', event: { event: 'Fails' }, lastResponse: { status: 400 } });
    expect(JSON.stringify(view)).not.toContain('sinkcredential42');

    const overview = new DeliveryOverviewApi(host.api);
    overview.accessToken = host.a.ownerToken;
    const start = view.window.from;
    const end = view.window.to;
    const ok = (await overview.getEgressSuccessMetricsFromDeliveryOverview(host.a.sourceId, destinationId, start, end, 'minute', { count: 10 })).body.data!;
    expect(ok.total).toBe(4);
    expect(ok.dataset[0]!.series).toHaveLength(61);
    const failed = (await overview.getEgressFailedMetricsFromDeliveryOverview(host.a.sourceId, destinationId, start, end, 'minute', { count: 10 }, ['discardReason'])).body.data!;
    expect(failed.dataset.map((d) => [d.discardReason, d.total])).toEqual([['PAYLOAD_REJECTED', 1]]);
    const filtered = (await overview.getFilteredAtDestinationMetricsFromDeliveryOverview(host.a.sourceId, destinationId, start, end, 'hour', { count: 10 }, ['discardReason'])).body.data!;
    expect(filtered.total).toBe(2);
    expect(filtered.dataset.map((d) => d.discardReason).sort()).toEqual(['FILTERED_BY_RULES', 'NO_MATCHING_MAPPING']);
    const only = (await overview.getFilteredAtDestinationMetricsFromDeliveryOverview(host.a.sourceId, destinationId, start, end, 'hour', { count: 10 }, ['discardReason'], { discardReason: ['NO_MATCHING_MAPPING'] })).body.data!;
    expect(only.dataset.map((d) => [d.discardReason, d.total])).toEqual([['NO_MATCHING_MAPPING', 1]]);
  });

  it('rejects unsupported dimensions and bad windows with the parameter named', async () => {
    const q = `sourceId=${host.a.sourceId}&destinationConfigId=${destinationId}&startTime=2025-01-01T00:00:00Z&endTime=2025-01-02T00:00:00Z`;
    const bad = await api(`/delivery-overview/failed-delivery?${q}&granularity=minute`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('granularity');
    const dim = await api(`/delivery-overview/failed-delivery?${q}&granularity=hour&groupBy=eventName`);
    expect(dim.body.errors[0]).toMatchObject({ field: 'groupBy', status: 400 });
    expect((await api(`/destinations/${destinationId}/event-delivery?window=3w`)).body.errors[0].field).toBe('window');
    expect((await api(`/delivery-overview/successful-delivery?${q}&granularity=hour`, { token: host.b.ownerToken })).status).toBe(404);
  });
});

describe('GET /error-codes', () => {
  it('lists every core error code with help and the discard reasons', async () => {
    const { body } = await api('/error-codes', { token: host.a.memberToken });
    const codes = body.data.errorCodes.map((e: { code: string }) => e.code);
    for (const code of Object.values(ErrorCode)) expect(codes).toContain(code);
    expect(codes).toContain('FILTERED_BY_RULES');
    expect(body.data.errorCodes.find((e: { code: string }) => e.code === 'RATE_LIMITED')).toMatchObject({ retryable: true, kind: 'delivery-error', help: expect.stringContaining('429') });
  });
});
