import { afterEach, describe, expect, it } from 'vitest';
import { echo } from './__fixtures__/echo-integration.ts';
import { sampleEvents } from './sample-events.ts';
import { createTestIntegration, type TestIntegration } from './test-integration.ts';

const settings = { token: 'tok_live_abcdef123456' };
let t: TestIntegration;
afterEach(() => t.close());

describe('createTestIntegration', () => {
  it('runs an action against the loopback server with the default mapping', async () => {
    t = await createTestIntegration(echo);
    expect(await t.run({ action: 'identify', event: sampleEvents.identify, settings })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://api.echo.example/v1/profiles' });
    expect(req!.headers.authorization).toBe('Token tok_live_abcdef123456');
    expect(req!.json()).toEqual({ userId: 'user-1', email: 'ada@example.com' });
  });

  it('applies a mapping override', async () => {
    t = await createTestIntegration(echo);
    await t.run({ action: 'identify', event: sampleEvents.identify, settings, mapping: { email: { '@path': '$.traits.name' } } });
    expect(t.server.requests[0]!.json()).toEqual({ userId: 'user-1', email: 'Ada Lovelace' });
  });

  it('runs a batch with one result per event', async () => {
    t = await createTestIntegration(echo);
    const results = await t.runBatch({ action: 'identify', events: [sampleEvents.identify, sampleEvents.alias, { type: 'identify' }], settings });
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'error']);
    expect(t.server.requests).toHaveLength(1);
    expect(t.server.requests[0]!.path).toBe('/v1/profiles/batch');
  });

  it('runs testConnection and scrubs secrets from its errors', async () => {
    t = await createTestIntegration(echo);
    expect(await t.testConnection(settings)).toEqual({ status: 'success' });
    t.server.reply({ status: 401, body: `bad token ${settings.token}` });
    expect(await t.testConnection(settings)).toEqual({
      status: 'error',
      code: 'INVALID_CREDENTIALS',
      retryable: false,
      message: 'destination answered HTTP 401: bad token [redacted]',
    });
  });
});
