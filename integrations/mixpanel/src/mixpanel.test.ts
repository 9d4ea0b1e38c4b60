import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import mixpanel from './index.ts';

const projectToken = 'mp_token_1234567890';
const basic = (user: string, password = '') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
let t: TestIntegration;
afterEach(() => t.close());

describe('mixpanel: trackEvent (Import API)', () => {
  it('POSTs a JSON array to /import?strict=1 with the project token as Basic auth', async () => {
    t = await createTestIntegration(mixpanel);
    t.server.reply({ body: { code: 200, num_records_imported: 1, status: 'OK' } });
    const result = await t.run({ action: 'trackEvent', event: sampleEvents.track, settings: { projectToken } });
    expect(result).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://api.mixpanel.com/import?strict=1' });
    expect(req!.headers.authorization).toBe(basic(projectToken));
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json()).toEqual([
      {
        event: 'Order Completed',
        properties: {
          order_id: 'o-42',
          revenue: 99.5,
          currency: 'EUR',
          products: [{ sku: 'sku-1', price: 99.5, quantity: 1 }],
          time: Date.parse('2025-01-15T10:00:00.000Z'),
          distinct_id: 'user-1',
          $insert_id: 'sample-track-2',
          $user_id: 'user-1',
          $device_id: 'anon-1',
          ip: '203.0.113.7',
          $current_url: 'https://shop.example/pricing',
          mp_lib: 'junction',
        },
      },
    ]);
  });

  it('uses the regional host, a service account with project_id, and strict=0 when asked', async () => {
    t = await createTestIntegration(mixpanel);
    const settings = { projectToken, region: 'EU', serviceAccountUsername: 'sa.junction', serviceAccountSecret: 'sa_secret_123456', projectId: '3141592', strictMode: false };
    await t.run({ action: 'trackEvent', event: sampleEvents.track, settings });
    expect(t.server.requests[0]!.url).toBe('https://api-eu.mixpanel.com/import?strict=0&project_id=3141592');
    expect(t.server.requests[0]!.headers.authorization).toBe(basic('sa.junction', 'sa_secret_123456'));
    await t.run({ action: 'trackEvent', event: sampleEvents.track, settings: { projectToken, region: 'IN', apiSecret: 'legacy_secret_42' } });
    expect(t.server.requests[1]!.url).toBe('https://api-in.mixpanel.com/import?strict=1');
    expect(t.server.requests[1]!.headers.authorization).toBe(basic('legacy_secret_42'));
  });

  it('refuses a service account without its project ID, naming the fields', async () => {
    t = await createTestIntegration(mixpanel);
    const result = await t.run({ action: 'trackEvent', event: sampleEvents.track, settings: { projectToken, serviceAccountUsername: 'sa', serviceAccountSecret: 'sa_secret_123456' } });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (result.status === 'error') expect(result.message).toContain('must have properties serviceAccountUsername, projectId');
    expect(t.server.requests).toHaveLength(0);
  });

  it('sends pages with the preset\'s "Viewed {{name}}" name, and hashes insert IDs Mixpanel would refuse', async () => {
    t = await createTestIntegration(mixpanel);
    const messageId = 'ajs-next-1736935200000-0f6a2c2e-5d1b-4c3e-9a57-1234567890ab';
    const preset = mixpanel.presets!.find((p) => p.name === 'Page Calls')!;
    await t.run({ action: 'trackEvent', event: { ...sampleEvents.page, messageId }, settings: { projectToken }, mapping: preset.mapping });
    const [event] = t.server.requests[0]!.json() as Array<{ event: string; properties: Record<string, unknown> }>;
    expect(event!.event).toBe('Viewed Pricing');
    expect(event!.properties.$insert_id).toMatch(/^[0-9a-f]{36}$/);
    await t.run({ action: 'trackEvent', event: { ...sampleEvents.page, messageId }, settings: { projectToken }, mapping: preset.mapping });
    const [again] = t.server.requests[1]!.json() as Array<{ properties: Record<string, unknown> }>;
    expect(again!.properties.$insert_id).toBe(event!.properties.$insert_id);
  });

  it('sends a batch in one request and fails only the events listed in failed_records', async () => {
    t = await createTestIntegration(mixpanel);
    t.server.reply({
      status: 400,
      body: {
        code: 400,
        error: 'some data points in the request failed validation',
        status: 'Bad Request',
        num_records_imported: 2,
        failed_records: [{ index: 1, insert_id: 'sample-track-2', field: 'properties.time', message: "'properties.time' is invalid: must be specified as seconds since epoch" }],
      },
    });
    const events = [sampleEvents.track, { ...sampleEvents.track, messageId: 'm-2' }, { ...sampleEvents.track, messageId: 'm-3' }];
    const results = await t.runBatch({ action: 'trackEvent', events, settings: { projectToken } });
    expect(t.server.requests).toHaveLength(1);
    expect((t.server.requests[0]!.json() as unknown[]).length).toBe(3);
    expect(results).toEqual([
      { status: 'success' },
      {
        status: 'error',
        code: 'PAYLOAD_REJECTED',
        retryable: false,
        httpStatus: 400,
        message: "Mixpanel rejected the event (properties.time: 'properties.time' is invalid: must be specified as seconds since epoch)",
      },
      { status: 'success' },
    ]);
  });

  it.each([
    [401, { code: 401, error: 'Invalid credentials', status: 'Unauthorized' }, 'INVALID_CREDENTIALS', false],
    [413, { code: 413, error: 'request body too large', status: 'Payload Too Large' }, 'PAYLOAD_TOO_LARGE', false],
    [429, { code: 429, error: 'Project exceeded rate limits. Please retry the request with exponential backoff.', status: 'Too Many Requests' }, 'RATE_LIMITED', true],
    [400, { code: 400, error: 'Invalid JSON payload', status: 'Bad Request' }, 'PAYLOAD_REJECTED', false],
  ] as const)('fails every event of a batch answered HTTP %i', async (status, body, code, retryable) => {
    t = await createTestIntegration(mixpanel);
    t.server.reply({ status, body, headers: { 'retry-after': '12' } });
    const results = await t.runBatch({ action: 'trackEvent', events: [sampleEvents.track, sampleEvents.track], settings: { projectToken } });
    expect(results).toHaveLength(2);
    for (const r of results) expect(r).toMatchObject({ status: 'error', code, retryable, httpStatus: status, retryAfterMs: 12_000 });
  });
});

describe('mixpanel: identifyUser (Engage API)', () => {
  const form = (body: string) => JSON.parse(new URLSearchParams(body).get('data') ?? 'null') as unknown;

  it('POSTs form-encoded data=[{$token,$distinct_id,$ip,$set}] to /engage with reserved traits renamed', async () => {
    t = await createTestIntegration(mixpanel);
    t.server.reply({ body: { status: 1, error: null } });
    const event = { ...sampleEvents.identify, traits: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', createdAt: '2024-01-01T00:00:00Z', plan: 'pro' } };
    expect(await t.run({ action: 'identifyUser', event, settings: { projectToken, region: 'EU' } })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://api-eu.mixpanel.com/engage?verbose=1&ip=0' });
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req!.headers.authorization).toBeUndefined();
    expect(form(req!.body)).toEqual([
      {
        $token: projectToken,
        $distinct_id: 'user-1',
        $ip: '203.0.113.7',
        $set: { $email: 'ada@example.com', $first_name: 'Ada', $last_name: 'Lovelace', $created: '2024-01-01T00:00:00Z', plan: 'pro', $name: 'Ada Lovelace' },
      },
    ]);
  });

  it('batches updates in one request and sends nothing for an identify without traits', async () => {
    t = await createTestIntegration(mixpanel);
    const { traits: _none, ...bare } = sampleEvents.identify;
    const events = [sampleEvents.identify, bare, { ...sampleEvents.identify, userId: 'user-2' }];
    const results = await t.runBatch({ action: 'identifyUser', events, settings: { projectToken } });
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
    expect(t.server.requests).toHaveLength(1);
    expect((form(t.server.requests[0]!.body) as Array<{ $distinct_id: string }>).map((u) => u.$distinct_id)).toEqual(['user-1', 'user-2']);
    await t.run({ action: 'identifyUser', event: bare, settings: { projectToken } });
    expect(t.server.requests).toHaveLength(1);
  });

  it('reads a 200 {"status":0} answer as a rejection', async () => {
    t = await createTestIntegration(mixpanel);
    t.server.reply({ body: { status: 0, error: "'$set' must be a dictionary" } });
    const result = await t.run({ action: 'identifyUser', event: sampleEvents.identify, settings: { projectToken } });
    expect(result).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 200 });
    if (result.status === 'error') expect(result.message).toContain("'$set' must be a dictionary");
    t.server.reply({ body: { status: 0, error: 'token, missing or empty' } });
    const batch = await t.runBatch({ action: 'identifyUser', events: [sampleEvents.identify, sampleEvents.identify], settings: { projectToken } });
    for (const r of batch) expect(r).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
  });
});

describe('mixpanel: groupIdentifyUser (Groups API)', () => {
  it('POSTs data=[{$token,$group_key,$group_id,$set}] to /groups', async () => {
    t = await createTestIntegration(mixpanel);
    await t.run({ action: 'groupIdentifyUser', event: sampleEvents.group, settings: { projectToken } });
    const [req] = t.server.requests;
    expect(req!.url).toBe('https://api.mixpanel.com/groups?verbose=1&ip=0');
    expect(JSON.parse(new URLSearchParams(req!.body).get('data')!)).toEqual([
      { $token: projectToken, $group_key: '$group_id', $group_id: 'org-7', $set: { $name: 'Acme Inc', employees: 42 } },
    ]);
    await t.run({ action: 'groupIdentifyUser', event: { ...sampleEvents.group, traits: { company_id: 'acme', name: 'Acme' } }, settings: { projectToken }, mapping: { group_key: 'company_id' } });
    expect(JSON.parse(new URLSearchParams(t.server.requests[1]!.body).get('data')!)).toEqual([
      { $token: projectToken, $group_key: 'company_id', $group_id: 'acme', $set: { company_id: 'acme', $name: 'Acme' } },
    ]);
  });
});
