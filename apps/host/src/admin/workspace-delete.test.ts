import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';

describe('DELETE / (delete the workspace)', () => {
  let host: AdminTestHost;
  beforeAll(async () => {
    host = await startAdminTestHost();
  });
  afterAll(async () => host.close());

  const call = async (token: string, body?: unknown, method = 'DELETE') => {
    const res = await fetch(`${host.api}/`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; field?: string }> } };
  };

  it('needs the slug typed as confirmation and an owner, then removes everything of that workspace only', async () => {
    const missing = await call(host.a.ownerToken, {});
    expect(missing.status).toBe(422);
    expect(missing.json.errors?.[0]).toMatchObject({ field: 'confirm' });
    expect(missing.json.errors?.[0]?.message).toContain('"ws-a"');
    expect((await call(host.a.ownerToken, { confirm: 'ws-b' })).status).toBe(422);
    expect((await call(host.a.memberToken, { confirm: 'ws-a' })).status).toBe(403);
    expect(await host.store.workspaces.get(host.a.id)).toBeDefined();

    const done = await call(host.a.ownerToken, { confirm: 'ws-a' });
    expect(done).toEqual({ status: 200, json: { data: { status: 'SUCCESS' } } });
    expect(await host.store.workspaces.get(host.a.id)).toBeUndefined();
    expect(await host.store.sources.get(host.a.sourceId)).toBeUndefined();
    expect(await host.store.findSourceByWriteKey(host.a.writeKey)).toBeUndefined();
    expect((await call(host.a.ownerToken, undefined, 'GET')).status).toBe(401);
    // The other workspace is untouched.
    expect((await call(host.b.ownerToken, undefined, 'GET')).json.data).toMatchObject({ workspace: { id: host.b.id, slug: 'ws-b' } });
    expect(await host.store.findSourceByWriteKey(host.b.writeKey)).toBeDefined();
  });
});
