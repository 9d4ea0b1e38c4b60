import { createTestIntegration, type RecordedRequest, type Reply, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import intercom from './index.ts';

const accessToken = 'dG9rOnRlc3RfMDEyMzQ1Njc4OWFiY2RlZg==';
const settings = { accessToken, region: 'au' };
const AU = 'https://api.au.intercom.io';
let t: TestIntegration;
afterEach(() => t.close());

const company: Reply = { body: { type: 'company', id: '531ee472cce572a6ec000006', company_id: 'org-7', name: 'Acme Inc' } };
const route = (routes: Record<string, Reply>) => (req: RecordedRequest) => routes[`${req.method} ${req.path}`] ?? { body: { type: 'company' } };
const calls = () => t.server.requests.map((r) => `${r.method} ${r.url}`);

describe('intercom: groupIdentifyContact', () => {
  it('upserts the company, finds the contact by external_id and attaches it', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /companies': company, 'POST /contacts/search': { body: { type: 'list', total_count: 1, data: [{ type: 'contact', id: 'c-1' }] } } }));
    const event = { ...sampleEvents.group, traits: { ...sampleEvents.group.traits, plan: 'enterprise', monthly_spend: 1200.5, industry: 'Software', createdAt: '2020-01-01T00:00:00Z' } };
    expect(await t.run({ action: 'groupIdentifyContact', event, settings, mapping: { custom_attributes: { tier: 'gold' } } })).toEqual({ status: 'success' });
    expect(calls()).toEqual([`POST ${AU}/companies`, `POST ${AU}/contacts/search`, `POST ${AU}/contacts/c-1/companies`]);
    expect(t.server.requests[0]!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(t.server.requests[0]!.json()).toEqual({
      company_id: 'org-7',
      name: 'Acme Inc',
      plan: 'enterprise',
      monthly_spend: 1200.5,
      size: 42,
      industry: 'Software',
      remote_created_at: 1577836800,
      custom_attributes: { tier: 'gold' },
    });
    expect(t.server.requests[1]!.json()).toEqual({ query: { field: 'external_id', operator: '=', value: 'user-1' } });
    expect(t.server.requests[2]!.json()).toEqual({ id: '531ee472cce572a6ec000006' });
  });

  it('attaches a mapped contact id without searching', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /companies': company }));
    await t.run({ action: 'groupIdentifyContact', event: sampleEvents.group, settings, mapping: { contact_id: 'c-42' } });
    expect(calls()).toEqual([`POST ${AU}/companies`, `POST ${AU}/contacts/c-42/companies`]);
  });

  it('searches by the user email when there is no userId', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /companies': company, 'POST /contacts/search': { body: { type: 'list', total_count: 0, data: [] } } }));
    const event = { ...sampleEvents.group, userId: undefined, context: { traits: { email: 'ada@example.com' } } };
    expect(await t.run({ action: 'groupIdentifyContact', event, settings })).toEqual({ status: 'success' });
    // No single contact: the company is written, nothing is attached.
    expect(calls()).toEqual([`POST ${AU}/companies`, `POST ${AU}/contacts/search`]);
    expect(t.server.requests[1]!.json()).toEqual({ query: { field: 'email', operator: '=', value: 'ada@example.com' } });
  });

  it('fails (retryably) when Intercom answers the company upsert without an id', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /companies': { body: {} } }));
    const result = await t.run({ action: 'groupIdentifyContact', event: sampleEvents.group, settings, mapping: { contact_id: 'c-42' } });
    expect(result).toMatchObject({ status: 'error', code: 'UNKNOWN', retryable: true });
  });

  it('refuses a group call without groupId before sending', async () => {
    t = await createTestIntegration(intercom);
    const result = await t.run({ action: 'groupIdentifyContact', event: sampleEvents.group, settings, mapping: { company_id: { '@path': '$.nope' } } });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('payload.company_id is required') });
    expect(t.server.requests).toHaveLength(0);
  });
});
