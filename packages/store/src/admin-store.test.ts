import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { openAdminStore } from './admin-store.ts';
import { hashToken } from './api-tokens.ts';
import { ConflictError, InvalidInputError } from './errors.ts';

describe.each(BACKENDS)('admin store on %s', (backend) => {
  const h = harness(backend);

  async function setup() {
    const store = await h.open(await h.location());
    const seeded = await seed(store);
    return { store, ...seeded, admin: openAdminStore(store) };
  }

  it('keeps only the SHA-256 of API tokens and finds them by plaintext', async () => {
    const { store, workspace, admin } = await setup();
    const { token, plaintext } = await admin.apiTokens.create({ workspaceId: workspace.id, name: 'CI', role: 'WORKSPACE_OWNER' });
    expect(plaintext).toMatch(/^jct_[0-9A-Za-z]{40}$/);
    expect(token.prefix).toBe(plaintext.slice(0, 8));
    expect(JSON.stringify(token)).not.toContain(plaintext);
    const rows = await h.sql<{ token_hash: string }>(store, 'SELECT token_hash FROM api_tokens');
    expect(rows).toEqual([{ token_hash: hashToken(plaintext) }]);
    expect(JSON.stringify(rows)).not.toContain(plaintext.slice(4));
    expect((await admin.apiTokens.findByPlaintext(plaintext))?.id).toBe(token.id);
    expect(await admin.apiTokens.findByPlaintext(`${plaintext}x`)).toBeUndefined();
    const fixed = await admin.apiTokens.create({ workspaceId: workspace.id, name: 'Boot', role: 'WORKSPACE_OWNER', plaintext: 'bootstrap-token-0123456789' });
    expect(fixed.plaintext).toBe('bootstrap-token-0123456789');
    await expect(admin.apiTokens.create({ workspaceId: workspace.id, name: 'Again', role: 'WORKSPACE_OWNER', plaintext: 'bootstrap-token-0123456789' })).rejects.toSatisfy(
      (e: Error) => e instanceof ConflictError && !e.message.includes('bootstrap-token'),
    );
    await expect(admin.apiTokens.create({ workspaceId: workspace.id, name: 'x', role: 'WORKSPACE_OWNER', plaintext: 'short' })).rejects.toThrow(/apiToken\.plaintext/);
    await expect(admin.apiTokens.create({ workspaceId: 'nope', name: 'x', role: 'WORKSPACE_OWNER' })).rejects.toThrow(/workspace "nope" not found/);
    await admin.apiTokens.touch(token.id, '2025-01-31T12:00:00.000Z');
    expect((await admin.apiTokens.get(token.id))?.lastUsedAt).toBe('2025-01-31T12:00:00.000Z');
    expect((await admin.apiTokens.list(workspace.id)).map((t) => t.name)).toEqual(['CI', 'Boot']);
    expect(await admin.apiTokens.delete(token.id)).toBe(true);
    expect(await admin.apiTokens.findByPlaintext(plaintext)).toBeUndefined();
    expect(await admin.apiTokens.delete(token.id)).toBe(false);
  });

  it('records audit events and lists them newest first with filters and a keyset cursor', async () => {
    const { workspace, admin, store } = await setup();
    const other = await store.workspaces.create({ slug: 'other', name: 'Other' });
    const base = Date.parse('2025-01-31T12:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      await admin.auditEvents.record({
        workspaceId: workspace.id,
        timestamp: new Date(base + i * 1000).toISOString(),
        type: i % 2 === 0 ? 'Source Created' : 'Label Created',
        actor: i < 3 ? 'tok_a' : 'tok_b',
        resourceId: `r${i}`,
        resourceType: i % 2 === 0 ? 'source' : 'label',
        resourceName: `R${i}`,
        before: null,
        after: { n: i },
      });
    }
    await admin.auditEvents.record({ workspaceId: other.id, type: 'Source Created', actor: 'x', resourceId: 'o', resourceType: 'source', resourceName: 'O', before: null, after: null });
    const page1 = await admin.auditEvents.list({ workspaceId: workspace.id, limit: 2 });
    expect(page1.events.map((e) => e.resourceId)).toEqual(['r4', 'r3']);
    expect(page1.events[0]).toMatchObject({ type: 'Source Created', actor: 'tok_b', after: { n: 4 }, before: null, actorEmail: null });
    const page2 = await admin.auditEvents.list({ workspaceId: workspace.id, limit: 2, after: page1.next! });
    expect(page2.events.map((e) => e.resourceId)).toEqual(['r2', 'r1']);
    const page3 = await admin.auditEvents.list({ workspaceId: workspace.id, limit: 2, after: page2.next! });
    expect(page3.events.map((e) => e.resourceId)).toEqual(['r0']);
    expect(page3.next).toBeUndefined();
    expect((await admin.auditEvents.list({ workspaceId: workspace.id, type: 'Source Created' })).events.map((e) => e.resourceId)).toEqual(['r4', 'r2', 'r0']);
    expect((await admin.auditEvents.list({ workspaceId: workspace.id, actor: 'tok_b' })).events.map((e) => e.resourceId)).toEqual(['r4', 'r3']);
    const windowed = { workspaceId: workspace.id, startTime: new Date(base + 1000).toISOString(), endTime: new Date(base + 3000).toISOString() };
    expect((await admin.auditEvents.list(windowed)).events.map((e) => e.resourceId)).toEqual(['r2', 'r1']);
    expect(await admin.auditEvents.count({ workspaceId: workspace.id, resourceType: 'label' })).toBe(2);
    await expect(admin.auditEvents.list({ workspaceId: workspace.id, startTime: 'yesterday' })).rejects.toThrow(/audit\.startTime/);
    expect(await admin.auditEvents.pruneBefore(new Date(base + 2000).toISOString())).toBe(2);
    expect(await admin.auditEvents.count({ workspaceId: workspace.id })).toBe(3);
  });

  it('manages labels: built-ins, one value per key per resource, refused deletion while in use', async () => {
    const { workspace, source, admin, store } = await setup();
    expect(await admin.labels.list(workspace.id)).toEqual([
      { key: 'environment', value: 'dev', description: 'Development' },
      { key: 'environment', value: 'prod', description: 'Production' },
    ]);
    await admin.labels.create(workspace.id, { key: 'team', value: 'growth', description: 'Growth team' });
    await expect(admin.labels.create(workspace.id, { key: 'team', value: 'growth' })).rejects.toBeInstanceOf(ConflictError);
    await expect(admin.labels.create(workspace.id, { key: '1team', value: 'x' })).rejects.toThrow(/label\.key must start with a letter/);
    await expect(admin.labels.replaceOnResource(workspace.id, 'source', source.id, [{ key: 'team', value: 'ops' }])).rejects.toThrow(/labels\[0\]: label "team:ops" does not exist/);
    await expect(
      admin.labels.replaceOnResource(workspace.id, 'source', source.id, [{ key: 'environment', value: 'dev' }, { key: 'environment', value: 'prod' }]),
    ).rejects.toThrow(/labels\[1\]: a resource has one value per key/);
    const set = await admin.labels.replaceOnResource(workspace.id, 'source', source.id, [{ key: 'environment', value: 'prod' }]);
    expect(set).toEqual([{ key: 'environment', value: 'prod', description: 'Production' }]);
    const added = await admin.labels.addToResource(workspace.id, 'source', source.id, [{ key: 'team', value: 'growth' }]);
    expect(added.map((l) => `${l.key}:${l.value}`)).toEqual(['environment:prod', 'team:growth']);
    await expect(admin.labels.addToResource(workspace.id, 'source', source.id, [{ key: 'environment', value: 'dev' }])).rejects.toBeInstanceOf(ConflictError);
    expect(await admin.labels.usage(workspace.id, 'team', 'growth')).toBe(1);
    await expect(admin.labels.delete(workspace.id, 'team', 'growth')).rejects.toThrow(/used by 1 resource/);
    const other = await store.sources.create({ workspaceId: workspace.id, slug: 'app', name: 'App' });
    expect((await admin.labels.forResources('source', [source.id, other.id])).get(other.id)).toEqual([]);
    await admin.labels.clearResource('source', source.id);
    expect(await admin.labels.delete(workspace.id, 'team', 'growth')).toBe(true);
    expect(await admin.labels.delete(workspace.id, 'team', 'growth')).toBe(false);
  });

  it('stores workspace contacts and source catalog types', async () => {
    const { workspace, source, admin } = await setup();
    expect(await admin.workspaceSettings.get(workspace.id)).toEqual({ billingContacts: [], incidentContacts: [], updatedAt: null });
    const s1 = await admin.workspaceSettings.update(workspace.id, { incidentContacts: [{ name: 'Ops', email: 'ops@example.com' }] });
    expect(s1.incidentContacts).toEqual([{ name: 'Ops', email: 'ops@example.com' }]);
    const s2 = await admin.workspaceSettings.update(workspace.id, { billingContacts: [{ email: 'bill@example.com' } as never] });
    expect(s2).toMatchObject({ billingContacts: [{ name: '', email: 'bill@example.com' }], incidentContacts: [{ name: 'Ops', email: 'ops@example.com' }] });
    await expect(admin.workspaceSettings.update(workspace.id, { billingContacts: [{ name: 'x', email: 'nope' }] })).rejects.toThrow(/billingContacts\[0\]\.email/);
    await expect(admin.workspaceSettings.update('missing', { billingContacts: [] })).rejects.toBeInstanceOf(InvalidInputError);
    await admin.sourceMetadata.set(source.id, 'javascript');
    await admin.sourceMetadata.set(source.id, 'node-js');
    expect(await admin.sourceMetadata.get([source.id, 'other'])).toEqual(new Map([[source.id, 'node-js']]));
  });
});
