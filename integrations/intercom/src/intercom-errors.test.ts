import { type ErrorCode, errorCodeInfo } from '@junction/core';
import { createTestIntegration, type Reply, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import intercom from './index.ts';
import { intercomErrors, rateLimitWaitMs } from './intercom-errors.ts';

const accessToken = 'dG9rOnRlc3RfMDEyMzQ1Njc4OWFiY2RlZg==';
const settings = { accessToken };
let t: TestIntegration;
afterEach(() => t.close());

const errorList = (code: string, message: string) => ({ type: 'error.list', request_id: '000hjqhpf95ef3b8f8v0', errors: [{ code, message }] });

describe('intercom: documented error bodies → error codes', () => {
  it.each<[number, ReturnType<typeof errorList>, ErrorCode]>([
    [401, errorList('unauthorized', 'Access Token Invalid'), 'INVALID_CREDENTIALS'],
    [401, errorList('token_revoked', 'Token revoked'), 'INVALID_CREDENTIALS'],
    [403, errorList('api_plan_restricted', 'Active subscription needed.'), 'FORBIDDEN'],
    [403, errorList('token_suspended', 'App suspended'), 'FORBIDDEN'],
    [400, errorList('parameter_invalid', 'Invalid Data Event created_at'), 'PAYLOAD_REJECTED'],
    [400, errorList('missing_parameter', 'event_name is required'), 'PAYLOAD_REJECTED'],
    [400, errorList('intercom_version_invalid', 'The requested version could not be found'), 'INVALID_SETTINGS'],
    [404, errorList('not_found', 'User Not Found'), 'PAYLOAD_REJECTED'],
    [404, errorList('not_found', 'Resource Not Found'), 'NOT_FOUND'],
    [409, errorList('conflict', 'Multiple existing users match this email address - must be more specific using user_id'), 'PAYLOAD_REJECTED'],
    [422, errorList('unprocessable_entity', 'The data was well-formed but invalid'), 'PAYLOAD_REJECTED'],
    [500, errorList('server_error', 'Generic server error'), 'DESTINATION_UNAVAILABLE'],
    [503, errorList('service_unavailable', 'Sorry, the API service is temporarily unavailable'), 'DESTINATION_UNAVAILABLE'],
  ])('HTTP %i %o → %s', async (status, body, code) => {
    t = await createTestIntegration(intercom);
    t.server.reply({ status, body });
    const result = await t.run({ action: 'trackEvent', event: sampleEvents.track, settings });
    expect(result).toMatchObject({ status: 'error', code, retryable: errorCodeInfo[code].retryable, httpStatus: status });
    if (result.status === 'error') expect(result.message).toContain(body.errors[0]!.message);
  });

  it('waits until X-RateLimit-Reset after a 429 rate_limit_exceeded', async () => {
    t = await createTestIntegration(intercom);
    const reset = Math.floor(Date.now() / 1000) + 30;
    const reply: Reply = {
      status: 429,
      headers: { 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: errorList('rate_limit_exceeded', 'Exceeded rate limit of 167 in 10_seconds'),
    };
    t.server.reply(reply);
    const result = await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings });
    expect(result).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, httpStatus: 429 });
    if (result.status === 'error') {
      expect(result.retryAfterMs).toBeGreaterThan(25_000);
      expect(result.retryAfterMs).toBeLessThanOrEqual(30_000);
    }
  });

  it('waits 10 s after a 429 without rate-limit headers', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply({ status: 429, body: errorList('rate_limit_exceeded', 'Exceeded rate limit') });
    expect(await t.run({ action: 'trackEvent', event: sampleEvents.track, settings })).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 10_000 });
  });

  it('never echoes the access token', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply((req) => ({ status: 401, body: errorList('unauthorized', `bad token ${req.headers.authorization}`) }));
    const result = await t.run({ action: 'groupIdentifyContact', event: sampleEvents.group, settings });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
    if (result.status === 'error') expect(result.message).not.toContain(accessToken);
  });
});

describe('intercomErrors / rateLimitWaitMs', () => {
  it('leaves bodies that are not an error list to the default classification', () => {
    expect(intercomErrors({ status: 404, headers: {}, body: '<html>Not Found</html>' })).toBeUndefined();
    expect(intercomErrors({ status: 400, headers: {}, body: '{"type":"error.list","errors":[]}' })).toBeUndefined();
    expect(intercomErrors({ status: 200, headers: {}, body: JSON.stringify(errorList('unauthorized', 'x')) })).toBeUndefined();
  });

  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'x-ratelimit-reset': '1700000030' }, 30_000],
    [{ 'x-ratelimit-reset': '1699999990' }, 1000],
    [{ 'x-ratelimit-reset': 'soon' }, 10_000],
    [{}, 10_000],
  ])('headers %o → %i ms', (headers, ms) => {
    expect(rateLimitWaitMs(headers, 1_700_000_000_000)).toBe(ms);
  });
});
