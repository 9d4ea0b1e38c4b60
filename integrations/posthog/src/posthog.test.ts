import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import posthog from './index.ts';

const apiKey = 'phc_test_0123456789abcdef';
const timestamp = '2025-01-15T10:00:00.000Z';
type Batch = { api_key: string; historical_migration?: boolean; batch: Array<Record<string, unknown>> };
let t: TestIntegration;
afterEach(() => t.close());

describe('posthog: capture', () => {
  it('POSTs a track call to /capture/ with the project key in the body', async () => {
    t = await createTestIntegration(posthog);
    t.server.reply({ body: { status: 1 } });
    expect(await t.run({ action: 'captureEvent', event: sampleEvents.track, settings: { apiKey } })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://us.i.posthog.com/capture/' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json()).toEqual({
      api_key: apiKey,
      event: 'Order Completed',
      distinct_id: 'user-1',
      timestamp,
      properties: {
        order_id: 'o-42',
        revenue: 99.5,
        currency: 'EUR',
        products: [{ sku: 'sku-1', price: 99.5, quantity: 1 }],
        $ip: '203.0.113.7',
        $current_url: 'https://shop.example/pricing',
        $lib: 'junction',
      },
    });
  });

  it('sends to a self-hosted or EU host, with $geoip_disable and $groups when asked', async () => {
    t = await createTestIntegration(posthog);
    await t.run({ action: 'captureEvent', event: sampleEvents.track, settings: { apiKey, host: 'https://posthog.internal.example/', geoipDisable: true }, mapping: { groups: { company: 'org-7' } } });
    await t.run({ action: 'captureEvent', event: sampleEvents.track, settings: { apiKey, host: 'https://eu.i.posthog.com' } });
    expect(t.server.requests.map((r) => r.url)).toEqual(['https://posthog.internal.example/capture/', 'https://eu.i.posthog.com/capture/']);
    expect((t.server.requests[0]!.json() as { properties: object }).properties).toMatchObject({ $geoip_disable: true, $groups: { company: 'org-7' } });
  });

  it('refuses a host that is not an http(s) URL', async () => {
    t = await createTestIntegration(posthog);
    const result = await t.run({ action: 'captureEvent', event: sampleEvents.track, settings: { apiKey, host: 'ftp://posthog.example.com' } });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (result.status === 'error') expect(result.message).toContain('settings.host must match pattern');
  });

  it('sends a batch as one /batch/ request, with historical_migration when set', async () => {
    t = await createTestIntegration(posthog);
    const events = [sampleEvents.track, { ...sampleEvents.track, userId: undefined, event: 'Cart Viewed' }];
    expect(await t.runBatch({ action: 'captureEvent', events, settings: { apiKey } })).toEqual([{ status: 'success' }, { status: 'success' }]);
    expect(t.server.requests).toHaveLength(1);
    const body = t.server.requests[0]!.json() as Batch;
    expect(t.server.requests[0]!.url).toBe('https://us.i.posthog.com/batch/');
    expect(body.api_key).toBe(apiKey);
    expect(body.historical_migration).toBeUndefined();
    expect(body.batch.map((e) => [e.event, e.distinct_id, e.timestamp])).toEqual([
      ['Order Completed', 'user-1', timestamp],
      ['Cart Viewed', 'anon-1', timestamp],
    ]);
    await t.run({ action: 'captureEvent', event: sampleEvents.track, settings: { apiKey, historicalMigration: true } });
    expect(t.server.requests[1]!.url).toBe('https://us.i.posthog.com/batch/');
    expect((t.server.requests[1]!.json() as Batch).historical_migration).toBe(true);
  });
});

describe('posthog: pageviews, screens, people and groups', () => {
  const only = (r: { json(): unknown }) => {
    const { api_key: _k, ...event } = r.json() as Record<string, unknown>;
    return event;
  };

  it('captures a page as $pageview with $current_url, $pathname and $title', async () => {
    t = await createTestIntegration(posthog);
    await t.run({ action: 'pageview', event: sampleEvents.page, settings: { apiKey } });
    expect(only(t.server.requests[0]!)).toEqual({
      event: '$pageview',
      distinct_id: 'user-1',
      timestamp,
      properties: { path: '/pricing', title: 'Pricing', $current_url: 'https://shop.example/pricing', $pathname: '/pricing', $title: 'Pricing', $ip: '203.0.113.7', $lib: 'junction' },
    });
  });

  it('captures a screen as $screen with $screen_name', async () => {
    t = await createTestIntegration(posthog);
    await t.run({ action: 'screen', event: sampleEvents.screen, settings: { apiKey } });
    expect(only(t.server.requests[0]!)).toEqual({
      event: '$screen',
      distinct_id: 'user-1',
      timestamp,
      properties: { variant: 'dark', $screen_name: 'Settings', $ip: '203.0.113.7', $lib: 'junction' },
    });
  });

  it('identifies with $set and $anon_distinct_id (none for an anonymous identify)', async () => {
    t = await createTestIntegration(posthog);
    await t.run({ action: 'identify', event: sampleEvents.identify, settings: { apiKey } });
    expect(only(t.server.requests[0]!)).toEqual({
      event: '$identify',
      distinct_id: 'user-1',
      timestamp,
      properties: { $set: { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' }, $anon_distinct_id: 'anon-1', $ip: '203.0.113.7', $lib: 'junction' },
    });
    const { userId: _u, ...anonymous } = sampleEvents.identify;
    await t.run({ action: 'identify', event: anonymous, settings: { apiKey } });
    expect(only(t.server.requests[1]!)).toMatchObject({ distinct_id: 'anon-1', properties: { $set: { plan: 'pro' } } });
    expect((only(t.server.requests[1]!).properties as object)).not.toHaveProperty('$anon_distinct_id');
  });

  it('sends a group call as $groupidentify', async () => {
    t = await createTestIntegration(posthog);
    await t.run({ action: 'groupIdentify', event: sampleEvents.group, settings: { apiKey } });
    expect(only(t.server.requests[0]!)).toEqual({
      event: '$groupidentify',
      distinct_id: 'user-1',
      timestamp,
      properties: { $group_type: 'company', $group_key: 'org-7', $group_set: { name: 'Acme Inc', employees: 42 }, $lib: 'junction' },
    });
  });
});

describe("posthog: PostHog's error answers", () => {
  it.each([
    [401, { type: 'authentication_error', code: 'invalid_api_key', detail: 'Project API key invalid.' }, 'INVALID_CREDENTIALS', false],
    [400, 'API key is not valid: personal_api_key', 'INVALID_CREDENTIALS', false],
    [400, 'failed to decode request: missing field `event`', 'PAYLOAD_REJECTED', false],
    [413, 'payload too large', 'PAYLOAD_TOO_LARGE', false],
    [503, 'retryable sink error', 'DESTINATION_UNAVAILABLE', true],
  ] as const)('HTTP %i %o → %s for every event of a batch', async (status, body, code, retryable) => {
    t = await createTestIntegration(posthog);
    t.server.reply({ status, body });
    const results = await t.runBatch({ action: 'captureEvent', events: [sampleEvents.track, sampleEvents.track], settings: { apiKey } });
    for (const r of results) {
      expect(r).toMatchObject({ status: 'error', code, retryable, httpStatus: status });
      if (r.status === 'error') expect(r.message).not.toContain(apiKey);
    }
  });

  it('honours Retry-After on 429 (rate or billing limit)', async () => {
    t = await createTestIntegration(posthog);
    t.server.reply({ status: 429, headers: { 'retry-after': '60' }, body: 'rate limited' });
    expect(await t.run({ action: 'pageview', event: sampleEvents.page, settings: { apiKey } })).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 60_000 });
  });
});
