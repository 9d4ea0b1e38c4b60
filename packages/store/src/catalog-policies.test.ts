import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { catalogPolicyRepo } from './catalog-policies.ts';

describe.each(BACKENDS)('catalog policies on %s', (backend) => {
  const h = harness(backend);

  it('stores, replaces and removes a workspace allow-list, and survives reopening', async () => {
    const location = await h.location();
    const store = await h.open(location);
    const { workspace } = await seed(store);
    const repo = catalogPolicyRepo(store.db);
    expect(await repo.get(workspace.id)).toBeUndefined();
    await repo.set(workspace.id, ['webhook', 'slack']);
    expect((await repo.get(workspace.id))?.allow).toEqual(['webhook', 'slack']);
    await repo.set(workspace.id, ['mixpanel']);
    expect((await repo.get(workspace.id))?.allow).toEqual(['mixpanel']);
    await store.close();
    const reopened = await h.open(location);
    expect((await catalogPolicyRepo(reopened.db).get(workspace.id))?.allow).toEqual(['mixpanel']);
    await catalogPolicyRepo(reopened.db).set(workspace.id, undefined);
    expect(await catalogPolicyRepo(reopened.db).get(workspace.id)).toBeUndefined();
    expect(await catalogPolicyRepo(reopened.db).get('other')).toBeUndefined();
  });
});
