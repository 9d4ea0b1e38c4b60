import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';

describe.each(BACKENDS)('repositories on %s', (backend) => {
  const h = harness(backend);

  it('creates, reads, lists, updates and deletes workspaces', async () => {
    const store = await h.open(await h.location());
    const a = await store.workspaces.create({ slug: 'acme', name: 'Acme', plan: 'team' });
    expect(a).toMatchObject({ slug: 'acme', name: 'Acme', plan: 'team' });
    expect(a.id).toMatch(/^[0-9A-Za-z]{24}$/);
    const b = await store.workspaces.create({ slug: 'beta', name: 'Beta' });
    expect(b.plan).toBe('free');
    expect(await store.workspaces.get(a.id)).toEqual(a);
    expect(await store.workspaces.getBySlug('beta')).toEqual(b);
    expect((await store.workspaces.list()).map((w) => w.slug).sort()).toEqual(['acme', 'beta']);
    const renamed = await store.workspaces.update(a.id, { name: 'Acme Inc', slug: 'acme-inc' });
    expect(renamed).toMatchObject({ id: a.id, name: 'Acme Inc', slug: 'acme-inc', plan: 'team' });
    await expect(store.workspaces.create({ slug: 'beta', name: 'Dup' })).rejects.toBeInstanceOf(ConflictError);
    await expect(store.workspaces.update(a.id, { slug: 'beta' })).rejects.toThrow(/slug "beta" already exists/);
    await expect(store.workspaces.update('nope', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.workspaces.create({ slug: 'Bad Slug', name: 'x' })).rejects.toThrow(/workspace\.slug/);
    await expect(store.workspaces.create({ slug: 'ok', name: '' })).rejects.toThrow(/workspace\.name/);
    expect(await store.workspaces.delete(b.id)).toBe(true);
    expect(await store.workspaces.delete(b.id)).toBe(false);
    expect(await store.workspaces.get(b.id)).toBeUndefined();
  });

  it('manages sources with JSON settings, unique slugs per workspace', async () => {
    const store = await h.open(await h.location());
    const ws = await store.workspaces.create({ slug: 'w1', name: 'W1' });
    const other = await store.workspaces.create({ slug: 'w2', name: 'W2' });
    const s = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Website', settings: { cors: ['https://a.example'] } });
    expect(s).toMatchObject({ workspaceId: ws.id, slug: 'web', enabled: true, settings: { cors: ['https://a.example'] } });
    await expect(store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Again' })).rejects.toBeInstanceOf(ConflictError);
    const sameSlugElsewhere = await store.sources.create({ workspaceId: other.id, slug: 'web', name: 'Web 2' });
    expect(sameSlugElsewhere.workspaceId).toBe(other.id);
    await expect(store.sources.create({ workspaceId: 'missing', slug: 'x', name: 'X' })).rejects.toThrow(/workspace "missing" not found/);
    await expect(store.sources.create({ workspaceId: ws.id, slug: 'y', name: 'Y', settings: [] as never })).rejects.toBeInstanceOf(InvalidInputError);
    expect(await store.sources.get(s.id)).toEqual(s);
    expect((await store.sources.list(ws.id)).map((x) => x.id)).toEqual([s.id]);
    const off = await store.sources.update(s.id, { enabled: false, settings: { a: 1 } });
    expect(off).toMatchObject({ enabled: false, settings: { a: 1 }, name: 'Website' });
    await expect(store.sources.update(s.id, { enabled: 'no' as never })).rejects.toThrow(/source\.enabled must be a boolean/);
    await expect(store.sources.update('nope', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.sources.delete(s.id)).toBe(true);
    expect(await store.sources.get(s.id)).toBeUndefined();
  });

  it('maps write keys to sources, several per source, and revokes them', async () => {
    const store = await h.open(await h.location());
    const { source, key } = await seed(store);
    expect(key).toMatch(/^[0-9A-Za-z]{32}$/);
    const second = await store.writeKeys.create(source.id, 'custom_key-123');
    expect((await store.writeKeys.list(source.id)).map((k) => k.key).sort()).toEqual([key, second.key].sort());
    expect((await store.findSourceByWriteKey(key))?.id).toBe(source.id);
    expect((await store.findSourceByWriteKey('custom_key-123'))?.id).toBe(source.id);
    expect(await store.findSourceByWriteKey('unknown-key-0000')).toBeUndefined();
    await expect(store.writeKeys.create(source.id, 'custom_key-123')).rejects.toSatisfy(
      (e: Error) => e instanceof ConflictError && !e.message.includes('custom_key-123'),
    );
    await expect(store.writeKeys.create(source.id, 'short')).rejects.toThrow(/writeKey must be/);
    await expect(store.writeKeys.create('nope')).rejects.toThrow(/source "nope" not found/);
    expect(await store.writeKeys.delete(key)).toBe(true);
    expect(await store.findSourceByWriteKey(key)).toBeUndefined();
    expect(await store.writeKeys.delete(key)).toBe(false);
  });

  it('invalidates the write-key cache on local changes (negative hits included)', async () => {
    const store = await h.open(await h.location(), { sourceCacheTtlMs: 60_000 });
    const { source, key } = await seed(store);
    expect((await store.findSourceByWriteKey(key))?.enabled).toBe(true);
    await store.sources.update(source.id, { enabled: false });
    expect((await store.findSourceByWriteKey(key))?.enabled).toBe(false);
    expect(await store.findSourceByWriteKey('later_key_1')).toBeUndefined();
    await store.writeKeys.create(source.id, 'later_key_1');
    expect((await store.findSourceByWriteKey('later_key_1'))?.id).toBe(source.id);
    await store.sources.delete(source.id);
    expect(await store.findSourceByWriteKey(key)).toBeUndefined();
  });

  it('sees another host\'s change at once when the cache is off', async () => {
    const loc = await h.location();
    const a = await h.open(loc, { sourceCacheTtlMs: 0 });
    const b = await h.open(loc);
    const { source, key } = await seed(b);
    expect((await a.findSourceByWriteKey(key))?.enabled).toBe(true);
    await b.sources.update(source.id, { enabled: false });
    expect((await a.findSourceByWriteKey(key))?.enabled).toBe(false);
  });

  it('manages destinations with opaque settings text', async () => {
    const store = await h.open(await h.location());
    const { workspace, source } = await seed(store);
    const d = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: '1.2.0', name: 'Hook', settings: 'enc:v1:abc' });
    expect(d).toMatchObject({ workspaceId: workspace.id, sourceId: source.id, integration: 'webhook', pluginVersion: '1.2.0', enabled: true, settings: 'enc:v1:abc' });
    const d2 = await store.destinations.create({ sourceId: source.id, integration: 'slack', pluginVersion: '0.1.0', name: 'Slack', enabled: false });
    expect(d2.settings).toBe('{}');
    expect(await store.destinations.get(d.id)).toEqual(d);
    expect((await store.destinations.list({ sourceId: source.id })).map((x) => x.id).sort()).toEqual([d.id, d2.id].sort());
    expect((await store.destinations.list({ workspaceId: workspace.id })).length).toBe(2);
    await expect(store.destinations.list({})).rejects.toThrow(/workspaceId or sourceId/);
    const up = await store.destinations.update(d.id, { enabled: false, settings: 'enc:v1:def', pluginVersion: '1.3.0', name: 'Hook 2' });
    expect(up).toMatchObject({ enabled: false, settings: 'enc:v1:def', pluginVersion: '1.3.0', name: 'Hook 2' });
    await expect(store.destinations.update(d.id, { settings: { a: 1 } as never })).rejects.toThrow(/destination\.settings must be a string/);
    await expect(store.destinations.create({ sourceId: 'nope', integration: 'webhook', pluginVersion: '1', name: 'x' })).rejects.toThrow(/source "nope" not found/);
    await expect(store.destinations.create({ sourceId: source.id, integration: 'Not A Slug', pluginVersion: '1', name: 'x' })).rejects.toThrow(/destination\.integration/);
    await expect(store.destinations.update('nope', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.destinations.delete(d2.id)).toBe(true);
    expect(await store.destinations.delete(d2.id)).toBe(false);
  });

  it('cascades a workspace deletion to its sources, keys and destinations', async () => {
    const store = await h.open(await h.location());
    const { workspace, source, key } = await seed(store);
    const d = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: '1', name: 'Hook' });
    expect(await store.findSourceByWriteKey(key)).toBeDefined();
    await store.workspaces.delete(workspace.id);
    expect(await store.sources.get(source.id)).toBeUndefined();
    expect(await store.destinations.get(d.id)).toBeUndefined();
    expect(await store.findSourceByWriteKey(key)).toBeUndefined();
    expect(await store.writeKeys.list(source.id)).toEqual([]);
  });
});
