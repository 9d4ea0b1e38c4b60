import { createTestIntegration, type RecordedRequest, type Reply, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import intercom from './index.ts';

const accessToken = 'dG9rOnRlc3RfMDEyMzQ1Njc4OWFiY2RlZg==';
const settings = { accessToken, region: 'eu' };
const EU = 'https://api.eu.intercom.io';
const LAST_SEEN = 1736935200; // 2025-01-15T10:00:00Z, the sample events' timestamp
let t: TestIntegration;
afterEach(() => t.close());

const searchHit = (...ids: string[]): Reply => ({ body: { type: 'list', total_count: ids.length, data: ids.map((id) => ({ type: 'contact', id })) } });
const searchMiss: Reply = { body: { type: 'list', total_count: 0, data: [] } };
/** Answers by "METHOD /path"; anything else gets 200 {"type":"contact","id":"created"}. */
const route = (routes: Record<string, Reply>) => (req: RecordedRequest) => routes[`${req.method} ${req.path}`] ?? { body: { type: 'contact', id: 'created' } };
const calls = () => t.server.requests.map((r) => `${r.method} ${r.url}`);

describe('intercom: identifyContact', () => {
  it('searches by external_id, then creates the contact with the documented headers and body', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /contacts/search': searchMiss }));
    const result = await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings, mapping: { custom_attributes: { plan: { '@path': '$.traits.plan' } } } });
    expect(result).toEqual({ status: 'success' });
    expect(calls()).toEqual([`POST ${EU}/contacts/search`, `POST ${EU}/contacts`]);
    const [search, create] = t.server.requests;
    for (const req of [search!, create!]) {
      expect(req.headers.authorization).toBe(`Bearer ${accessToken}`);
      expect(req.headers['intercom-version']).toBe('2.11');
      expect(req.headers.accept).toBe('application/json');
      expect(req.headers['content-type']).toBe('application/json');
    }
    expect(search!.json()).toEqual({ query: { field: 'external_id', operator: '=', value: 'user-1' } });
    expect(create!.json()).toEqual({
      role: 'user',
      external_id: 'user-1',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      last_seen_at: LAST_SEEN,
      custom_attributes: { plan: 'pro' },
    });
  });

  it('updates the one contact search finds with PUT /contacts/{id}', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /contacts/search': searchHit('6762f0dd1bb69f9f2193bb83') }));
    const event = { ...sampleEvents.identify, traits: { email: 'ada@example.com', phone: '+44 20 7946 0000' } };
    expect(await t.run({ action: 'identifyContact', event, settings, mapping: { signed_up_at: 1700000000, unsubscribed_from_emails: true } })).toEqual({ status: 'success' });
    expect(calls()).toEqual([`POST ${EU}/contacts/search`, `PUT ${EU}/contacts/6762f0dd1bb69f9f2193bb83`]);
    expect(t.server.requests[1]!.json()).toEqual({
      role: 'user',
      external_id: 'user-1',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      signed_up_at: 1700000000,
      last_seen_at: LAST_SEEN,
      unsubscribed_from_emails: true,
    });
  });

  it('creates a new contact when several match (search is not unique)', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /contacts/search': searchHit('a', 'b') }));
    await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings });
    expect(calls()).toEqual([`POST ${EU}/contacts/search`, `POST ${EU}/contacts`]);
  });

  it('searches a lead by email and never sends it an external_id', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /contacts/search': searchMiss }));
    await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings, mapping: { role: 'lead' } });
    expect(t.server.requests[0]!.json()).toEqual({ query: { field: 'email', operator: '=', value: 'ada@example.com' } });
    expect(t.server.requests[1]!.json()).toEqual({ role: 'lead', email: 'ada@example.com', name: 'Ada Lovelace', last_seen_at: LAST_SEEN });
  });

  it('on 409 conflict, updates the contact whose id Intercom names', async () => {
    t = await createTestIntegration(intercom);
    const conflict = { type: 'error.list', request_id: 'r1', errors: [{ code: 'conflict', message: 'A contact matching those details already exists with id=5da6f18e3d7cf967e4582d05' }] };
    t.server.reply(route({ 'POST /contacts/search': searchMiss, 'POST /contacts': { status: 409, body: conflict } }));
    expect(await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings })).toEqual({ status: 'success' });
    expect(calls()).toEqual([`POST ${EU}/contacts/search`, `POST ${EU}/contacts`, `PUT ${EU}/contacts/5da6f18e3d7cf967e4582d05`]);
    expect(t.server.requests[2]!.body).toBe(t.server.requests[1]!.body);
  });

  it('retries later a 409 that names no contact (search index lag)', async () => {
    t = await createTestIntegration(intercom);
    const conflict = { type: 'error.list', errors: [{ code: 'conflict', message: 'Multiple existing users match this email address - must be more specific using user_id' }] };
    t.server.reply(route({ 'POST /contacts/search': searchMiss, 'POST /contacts': { status: 409, body: conflict } }));
    const result = await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings });
    expect(result).toMatchObject({ status: 'error', code: 'DESTINATION_UNAVAILABLE', retryable: true, httpStatus: 409, retryAfterMs: 60_000 });
    expect(t.server.requests).toHaveLength(2);
  });

  it.each([
    [{ external_id: { '@path': '$.missing' }, email: { '@path': '$.missing' } }, 'payload.external_id or payload.email is required'],
    [{ signed_up_at: 'last tuesday' }, 'payload.signed_up_at must be an ISO 8601 date or Unix seconds'],
    [{ role: 'visitor' }, 'payload.role must be equal to one of the allowed values'],
  ])('refuses %o before sending', async (mapping, message) => {
    t = await createTestIntegration(intercom);
    const result = await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings, mapping });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', retryable: false });
    if (result.status === 'error') expect(result.message).toContain(message);
    expect(t.server.requests).toHaveLength(0);
  });
});

describe('intercom: hosts and versions', () => {
  it.each([
    [{}, 'https://api.intercom.io/contacts/search'],
    [{ region: 'au' }, 'https://api.au.intercom.io/contacts/search'],
    [{ region: 'eu', endpoint: 'http://intercom-proxy.internal.example:8080/' }, 'http://intercom-proxy.internal.example:8080/contacts/search'],
  ])('settings %o → %s', async (extra, url) => {
    t = await createTestIntegration(intercom);
    await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings: { accessToken, ...extra } });
    expect(t.server.requests[0]!.url).toBe(url);
  });

  it('sends the configured Intercom-Version', async () => {
    t = await createTestIntegration(intercom);
    await t.run({ action: 'trackEvent', event: sampleEvents.track, settings: { ...settings, apiVersion: '2.13' } });
    expect(t.server.requests[0]!.headers['intercom-version']).toBe('2.13');
  });

  it.each([
    [{ accessToken, region: 'ca' }, 'settings.region must be equal to one of the allowed values'],
    [{ accessToken, apiVersion: 'v2' }, 'settings.apiVersion must match pattern'],
    [{ accessToken: 'short' }, 'settings.accessToken must NOT have fewer than 8 characters'],
  ])('refuses settings %o', async (bad, message) => {
    t = await createTestIntegration(intercom);
    const result = await t.run({ action: 'trackEvent', event: sampleEvents.track, settings: bad });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (result.status === 'error') expect(result.message).toContain(message);
  });

  it('tests the connection with GET /me', async () => {
    t = await createTestIntegration(intercom);
    t.server.replyOnce({ body: { type: 'admin', id: '991267', email: 'ops@example.com' } });
    expect(await t.testConnection(settings)).toEqual({ status: 'success' });
    expect(t.server.requests[0]).toMatchObject({ method: 'GET', url: `${EU}/me` });
    t.server.replyOnce({ status: 401, body: { type: 'error.list', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] } });
    expect(await t.testConnection(settings)).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
  });
});
