import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { warehouseRepo } from './warehouses.ts';

describe.each(BACKENDS)('warehouses on %s', (backend) => {
  const h = harness(backend);

  it('creates, lists, updates and deletes warehouses, and survives reopening', async () => {
    const location = await h.location();
    const store = await h.open(location);
    const { workspace } = await seed(store);
    const other = await seed(store);
    const repo = warehouseRepo(store.db);
    const w = await repo.create({ workspaceId: workspace.id, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics', settings: '{"schema":"web"}' });
    expect(w).toMatchObject({ workspaceId: workspace.id, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics', enabled: true, settings: '{"schema":"web"}' });
    const off = await repo.create({ workspaceId: workspace.id, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Off', enabled: false });
    expect(off.settings).toBe('{}');
    await repo.create({ workspaceId: other.workspace.id, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Theirs' });
    expect((await repo.list(workspace.id)).map((x) => x.name)).toEqual(['Analytics', 'Off']);

    const updated = await repo.update(w.id, { name: 'Warehouse', enabled: false, settings: '{"schema":"app"}' });
    expect(updated).toMatchObject({ id: w.id, name: 'Warehouse', enabled: false, settings: '{"schema":"app"}' });
    await expect(repo.update('nope', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.update(w.id, { name: '' })).rejects.toThrow(/warehouse\.name/);
    await expect(repo.create({ workspaceId: 'nope', integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'x' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(repo.create({ workspaceId: workspace.id, integration: 'Not A Slug', pluginVersion: '0.1.0', name: 'x' })).rejects.toThrow(/warehouse\.integration/);

    await store.close();
    const reopened = warehouseRepo((await h.open(location)).db);
    expect(await reopened.get(w.id)).toEqual(updated);
    expect(await reopened.delete(off.id)).toBe(true);
    expect(await reopened.delete(off.id)).toBe(false);
    expect(await reopened.get(off.id)).toBeUndefined();
  });

  it('connects sources through managed destinations; deleting the destination, source or warehouse removes the connection', async () => {
    const store = await h.open(await h.location());
    const { workspace, source } = await seed(store);
    const second = await store.sources.create({ workspaceId: workspace.id, slug: 'app', name: 'App' });
    const repo = warehouseRepo(store.db);
    const w = await repo.create({ workspaceId: workspace.id, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics' });
    const dest = (sourceId: string) => store.destinations.create({ sourceId, integration: 'postgres-warehouse', pluginVersion: '0.1.0', name: 'Analytics (warehouse)' });
    const d1 = await dest(source.id);
    const d2 = await dest(second.id);
    const c1 = await repo.connect({ warehouseId: w.id, sourceId: source.id, destinationId: d1.id });
    expect(c1).toMatchObject({ warehouseId: w.id, sourceId: source.id, destinationId: d1.id });
    await repo.connect({ warehouseId: w.id, sourceId: second.id, destinationId: d2.id });
    await expect(repo.connect({ warehouseId: w.id, sourceId: source.id, destinationId: (await dest(source.id)).id })).rejects.toBeInstanceOf(ConflictError);

    expect((await repo.connections({ warehouseId: w.id })).map((c) => c.sourceId).sort()).toEqual([source.id, second.id].sort());
    expect((await repo.connections({ sourceId: source.id })).map((c) => c.warehouseId)).toEqual([w.id]);
    expect(await repo.connection(w.id, source.id)).toEqual(c1);
    expect(await repo.managedDestinationIds(workspace.id)).toEqual(new Set([d1.id, d2.id]));

    await store.destinations.delete(d2.id);
    expect(await repo.connection(w.id, second.id)).toBeUndefined();
    expect((await repo.disconnect(w.id, source.id))?.destinationId).toBe(d1.id);
    expect(await repo.disconnect(w.id, source.id)).toBeUndefined();

    const d3 = await dest(second.id);
    await repo.connect({ warehouseId: w.id, sourceId: second.id, destinationId: d3.id });
    await store.sources.delete(second.id);
    expect(await repo.connections({ warehouseId: w.id })).toEqual([]);

    const d4 = await dest(source.id);
    await repo.connect({ warehouseId: w.id, sourceId: source.id, destinationId: d4.id });
    await repo.delete(w.id);
    expect(await repo.connections({ sourceId: source.id })).toEqual([]);
    expect(await repo.managedDestinationIds(workspace.id)).toEqual(new Set());
  });
});
