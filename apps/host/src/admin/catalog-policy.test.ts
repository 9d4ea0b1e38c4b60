import { catalogPolicyRepo } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';

describe('catalog policy (per-workspace allow-list)', () => {
  let host: AdminTestHost;
  beforeAll(async () => {
    host = await startAdminTestHost();
  });
  afterAll(async () => host.close());

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${host.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string }> } };
  }
  const slugs = async (token: string) => ((await call('GET', '/catalog/destinations', token)).json.data?.destinationsCatalog as Array<{ slug: string }> | undefined)?.map((d) => d.slug) ?? [];

  it('restricts what members see and install, persisted in the store, per workspace', async () => {
    const owner = host.a.ownerToken;
    expect((await call('GET', '/catalog/policy', owner)).json.data?.catalogPolicy).toEqual({ allow: null });
    expect((await slugs(owner)).length).toBeGreaterThan(5);

    const put = await call('PUT', '/catalog/policy', owner, { allow: ['slack', 'mixpanel'] });
    expect(put.status).toBe(200);
    expect(put.json.data?.catalogPolicy).toEqual({ allow: ['slack', 'mixpanel'] });
    expect((await slugs(owner)).sort()).toEqual(['mixpanel', 'slack']);
    expect((await catalogPolicyRepo(host.store.db).get(host.a.id))?.allow).toEqual(['slack', 'mixpanel']);

    const refused = await call('POST', '/destinations', owner, { sourceId: host.a.sourceId, metadataId: 'webhook', name: 'Hook', settings: { url: 'https://example.com' } });
    expect(refused.status).toBe(403);
    expect(refused.json.errors?.[0]?.message).toMatch(/does not allow installing "webhook"/);
    expect((await call('GET', '/catalog/destinations/webhook', owner)).status).toBe(404);

    // The other workspace is unaffected.
    expect(await slugs(host.b.ownerToken)).toContain('webhook');
    expect((await call('POST', '/destinations', host.b.ownerToken, { sourceId: host.b.sourceId, metadataId: 'webhook', name: 'Hook', settings: { url: 'https://example.com' } })).status).toBe(200);

    // The change is audited; lifting the restriction restores everything.
    const audit = await call('GET', '/audit-events', owner);
    expect(JSON.stringify(audit.json.data)).toContain('Catalog Policy Modified');
    expect((await call('PUT', '/catalog/policy', owner, { allow: null })).json.data?.catalogPolicy).toEqual({ allow: null });
    expect(await slugs(owner)).toContain('webhook');
  });

  it('refuses bad input with a message naming it, and members may not change the policy', async () => {
    const owner = host.a.ownerToken;
    const badSlug = await call('PUT', '/catalog/policy', owner, { allow: ['Web Hook'] });
    expect(badSlug.status).toBe(422);
    expect(badSlug.json.errors?.[0]?.message).toMatch(/allow\.0 must be a kebab-case slug, got "Web Hook"/);
    const unknown = await call('PUT', '/catalog/policy', owner, { allow: ['webhook', 'no-such-thing'] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors?.[0]?.message).toMatch(/do not exist: no-such-thing/);
    expect((await call('PUT', '/catalog/policy', owner, {})).status).toBe(422);
    expect((await call('PUT', '/catalog/policy', host.a.memberToken, { allow: ['slack'] })).status).toBe(403);
    expect((await call('GET', '/catalog/policy', owner)).json.data?.catalogPolicy).toEqual({ allow: null });
  });
});
