import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import slack from './index.ts';

const webhookUrl = 'https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnop0123';
let t: TestIntegration;
afterEach(() => t.close());

describe('slack: postMessage', () => {
  it('POSTs the default templated text as JSON to the webhook URL', async () => {
    t = await createTestIntegration(slack);
    t.server.reply({ status: 200, body: 'ok' });
    const result = await t.run({ action: 'postMessage', event: sampleEvents.track, settings: { webhookUrl } });
    expect(result).toEqual({ status: 'success' });
    expect(t.server.requests).toHaveLength(1);
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: webhookUrl });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json()).toEqual({ text: '*Order Completed* by user user-1' });
  });

  it('names the anonymous user when there is no userId', async () => {
    t = await createTestIntegration(slack);
    const { userId: _drop, ...anonymous } = sampleEvents.track;
    await t.run({ action: 'postMessage', event: anonymous, settings: { webhookUrl } });
    expect(t.server.requests[0]!.json()).toEqual({ text: '*Order Completed* by anonymous user anon-1' });
  });

  it('sends channel, username and icon from the settings, overridden by the mapped fields', async () => {
    t = await createTestIntegration(slack);
    const settings = { webhookUrl, channel: 'sales', username: 'Junction', iconEmoji: ':moneybag:' };
    await t.run({ action: 'postMessage', event: sampleEvents.track, settings });
    expect(t.server.requests[0]!.json()).toEqual({ text: '*Order Completed* by user user-1', channel: 'sales', username: 'Junction', icon_emoji: ':moneybag:' });
    await t.run({
      action: 'postMessage',
      event: sampleEvents.track,
      settings,
      mapping: {
        text: { '@template': 'New order {{properties.order_id}}: {{properties.revenue}} {{properties.currency}}' },
        channel: 'alerts',
        iconUrl: 'https://example.com/icon.png',
        mrkdwn: false,
      },
    });
    expect(t.server.requests[1]!.json()).toEqual({
      text: 'New order o-42: 99.5 EUR',
      channel: 'alerts',
      username: 'Junction',
      icon_url: 'https://example.com/icon.png',
      mrkdwn: false,
    });
  });

  it('refuses a URL that is not a Slack webhook, without sending anything', async () => {
    t = await createTestIntegration(slack);
    const result = await t.run({ action: 'postMessage', event: sampleEvents.track, settings: { webhookUrl: 'https://evil.example.com/services/x' } });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (result.status === 'error') expect(result.message).toContain('settings.webhookUrl must match pattern');
    expect(t.server.requests).toHaveLength(0);
  });

  it('refuses an empty message as INVALID_PAYLOAD', async () => {
    t = await createTestIntegration(slack);
    const result = await t.run({ action: 'postMessage', event: sampleEvents.track, settings: { webhookUrl }, mapping: { text: '' } });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD' });
    expect(t.server.requests).toHaveLength(0);
  });
});

describe("slack: Slack's documented webhook errors", () => {
  it.each([
    [400, 'invalid_payload', 'PAYLOAD_REJECTED', false],
    [400, 'user_not_found', 'PAYLOAD_REJECTED', false],
    [403, 'action_prohibited', 'FORBIDDEN', false],
    [403, 'invalid_token', 'INVALID_CREDENTIALS', false],
    [404, 'no_service', 'INVALID_CREDENTIALS', false],
    [404, 'channel_not_found', 'NOT_FOUND', false],
    [410, 'channel_is_archived', 'NOT_FOUND', false],
    [500, 'rollup_error', 'DESTINATION_UNAVAILABLE', true],
  ] as const)('HTTP %i %s → %s', async (status, body, code, retryable) => {
    t = await createTestIntegration(slack);
    t.server.reply({ status, body });
    const result = await t.run({ action: 'postMessage', event: sampleEvents.track, settings: { webhookUrl } });
    expect(result).toMatchObject({ status: 'error', code, retryable, httpStatus: status });
    if (result.status === 'error') {
      expect(result.message).toContain(body);
      expect(result.message).not.toContain('abcdefghijklmnop0123');
    }
  });

  it('honours Retry-After on 429', async () => {
    t = await createTestIntegration(slack);
    t.server.reply({ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' });
    const result = await t.run({ action: 'postMessage', event: sampleEvents.track, settings: { webhookUrl } });
    expect(result).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, retryAfterMs: 30_000 });
  });
});
