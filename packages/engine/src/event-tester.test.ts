import type { IncomingHttpHeaders } from 'node:http';
import { webhook } from '@junction/integration-webhook';
import type { Destination, StoredFilter, Subscription } from '@junction/store';
import { describe, expect, it } from 'vitest';
import type { DestinationConfig } from './destination-runtime.ts';
import { testEvent } from './event-tester.ts';
import { loopbackServer } from './__fixtures__/loopback.ts';

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const hits: Hit[] = [];
let answer = { status: 200, body: '{"ok":true}' };
const vendor = loopbackServer((req, body, res) => {
  hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  res.writeHead(answer.status, { 'content-type': 'application/json', 'x-vendor': 'sink' }).end(answer.body);
});
const SECRET = 'whsec_tester_0123456789abcdef';
const TOKEN = 'Bearer tok_live_abcdef123456';

const now = '2025-01-01T00:00:00.000Z';
function sub(id: string, trigger: string, enabled = true): Subscription {
  return { id, destinationId: 'd1', actionId: 'send', name: `sub ${id}`, trigger, mapping: {}, enabled, createdAt: now, updatedAt: now };
}
function config(overrides: Partial<Destination> = {}): DestinationConfig {
  const destination: Destination = { id: 'd1', workspaceId: 'w1', sourceId: 's1', integration: 'webhook', pluginVersion: webhook.version, name: 'My Hook', enabled: true, settings: '', createdAt: now, updatedAt: now, ...overrides };
  const filter: StoredFilter = { id: 'df_block', destinationId: 'd1', title: 'Block test users', description: '', if: 'userId = "blocked"', actions: [{ type: 'DROP' }], enabled: true, createdAt: now, updatedAt: now };
  return {
    destination,
    definition: webhook,
    settings: { url: `${vendor.base}/hook?team=growth`, headers: { Authorization: TOKEN, 'X-Team': 'growth' }, sharedSecret: SECRET },
    subscriptions: [sub('tracks', 'type = "track"'), sub('identifies', 'type = "identify"'), sub('off', 'all', false), sub('broken', 'type = = "track"')],
    filters: [filter],
    options: {},
  };
}
const track = { type: 'track', event: 'Signed Up', userId: 'u1', messageId: 'm-1', properties: { plan: 'pro' } };

describe('testEvent', () => {
  it('sends through the matched subscription and reports exactly the request the destination received', async () => {
    hits.length = 0;
    answer = { status: 200, body: '{"ok":true}' };
    const report = await testEvent(config(), track, { transport: vendor.pool.forDestination('d1') });
    expect(report.route).toEqual({ kind: 'deliver' });
    const [tracks, identifies, off, broken] = report.subscriptions;
    expect(identifies).toMatchObject({ matched: false, verdict: 'TRIGGER_FALSE' });
    expect(off).toMatchObject({ matched: false, verdict: 'SUBSCRIPTION_DISABLED' });
    expect(broken).toMatchObject({ matched: false, verdict: 'TRIGGER_INVALID' });
    expect(tracks).toMatchObject({ matched: true, verdict: 'MATCHED', payload: { data: track }, result: { status: 'success' } });
    expect(hits).toHaveLength(1);
    expect(tracks!.exchanges).toHaveLength(1);
    const x = tracks!.exchanges[0]!;
    const hit = hits[0]!;
    expect(x.synthetic).toBe(false);
    expect(`${x.request.method} ${x.request.url}`).toBe(`${hit.method} ${vendor.base}${hit.url}`);
    expect(x.request.body).toBe(hit.body);
    expect(JSON.parse(x.request.body)).toEqual(track);
    expect(x.request.headers['x-team']).toBe(hit.headers['x-team']);
    expect(x.request.headers['content-type']).toBe(hit.headers['content-type']);
    // Credentials reached the destination but are redacted in the report.
    expect(hit.headers.authorization).toBe(TOKEN);
    expect(x.request.headers.authorization).toBe('[redacted]');
    expect(hit.headers['x-signature']).toMatch(/^sha256=/);
    expect(x.request.headers['x-signature']).toBe('[redacted]');
    expect(x.response).toMatchObject({ status: 200, body: '{"ok":true}', headers: { 'x-vendor': 'sink' } });
    expect(JSON.stringify(report)).not.toContain(SECRET);
    expect(JSON.stringify(report)).not.toContain('tok_live_abcdef123456');
  });

  it('dry run: captures the same request without sending it', async () => {
    hits.length = 0;
    const report = await testEvent(config(), track, { transport: vendor.pool.forDestination('d1'), dryRun: true });
    expect(hits).toHaveLength(0);
    const x = report.subscriptions[0]!.exchanges[0]!;
    expect(report.dryRun).toBe(true);
    expect(x).toMatchObject({ synthetic: true, request: { method: 'POST', url: `${vendor.base}/hook?team=growth` }, response: { status: 200 } });
    expect(JSON.parse(x.request.body)).toEqual(track);
    expect(report.subscriptions[0]!.result).toEqual({ status: 'success' });
  });

  it('reports the vendor rejection and its error code', async () => {
    hits.length = 0;
    answer = { status: 400, body: '{"error":"bad plan"}' };
    const report = await testEvent(config(), track, { transport: vendor.pool.forDestination('d1') });
    const tracks = report.subscriptions[0]!;
    expect(tracks.result).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400 });
    expect(tracks.exchanges[0]!.response).toMatchObject({ status: 400, body: '{"error":"bad plan"}' });
    expect(hits).toHaveLength(1);
  });

  it('names the destination filter that dropped the event and sends nothing', async () => {
    hits.length = 0;
    const report = await testEvent(config(), { ...track, userId: 'blocked' }, { transport: vendor.pool.forDestination('d1') });
    expect(report.route).toEqual({ kind: 'filtered', reason: 'FILTERED_BY_RULES', droppedBy: 'df_block' });
    expect(report.filteredEvent).toBeNull();
    expect(report.subscriptions.map((s) => s.verdict)).toEqual(['FILTERED_BY_RULES', 'FILTERED_BY_RULES', 'SUBSCRIPTION_DISABLED', 'FILTERED_BY_RULES']);
    expect(report.subscriptions[0]!.detail).toContain('df_block');
    expect(hits).toHaveLength(0);
  });

  it('honours the integrations object and a disabled destination', async () => {
    const off = await testEvent(config(), { ...track, integrations: { All: false } }, { transport: vendor.pool.forDestination('d1') });
    expect(off.route).toEqual({ kind: 'filtered', reason: 'FILTERED_BY_INTEGRATIONS_OBJECT' });
    expect(off.subscriptions[0]!.verdict).toBe('FILTERED_BY_INTEGRATIONS_OBJECT');
    const named = await testEvent(config(), { ...track, integrations: { All: false, 'My Hook': true } }, { transport: vendor.pool.forDestination('d1'), dryRun: true });
    expect(named.subscriptions[0]!.verdict).toBe('MATCHED');
    const disabled = await testEvent(config({ enabled: false }), track, { transport: vendor.pool.forDestination('d1'), dryRun: true });
    expect(disabled.subscriptions[0]!.verdict).toBe('DESTINATION_DISABLED');
  });

  it('an event no enabled trigger matches gets TRIGGER_FALSE on each', async () => {
    const report = await testEvent(config(), { type: 'page', name: 'Home', userId: 'u1' }, { transport: vendor.pool.forDestination('d1'), dryRun: true });
    expect(report.route).toEqual({ kind: 'discarded', reason: 'NO_MATCHING_MAPPING' });
    expect(report.subscriptions.map((s) => s.verdict)).toEqual(['TRIGGER_FALSE', 'TRIGGER_FALSE', 'SUBSCRIPTION_DISABLED', 'TRIGGER_INVALID']);
  });
});
