import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginLoader } from '../plugins/plugin-loader.ts';
import { CatalogPolicyError, checkCatalogPolicy } from './catalog-policy.ts';
import { createCatalog } from './create-catalog.ts';
import { firstPartySlugs } from './first-party-registry.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'junction-catalog-'));
  const dir = join(dataDir, 'plugins', 'junction-integration-crashy@1.0.0');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'junction-integration-crashy', version: '1.0.0', type: 'module' }));
  await writeFile(join(dir, 'index.js'), "throw new TypeError('cannot read settings of undefined');\n");
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('catalog', () => {
  it('lists every first-party integration and shows a broken plugin as FAILED with its reason', async () => {
    const catalog = createCatalog({ loader: createPluginLoader({ dataDir }) });
    const all = await catalog.destinations();
    for (const slug of firstPartySlugs()) expect(all.find((d) => d.slug === slug)).toMatchObject({ status: 'PUBLIC', origin: 'first-party' });
    expect(await catalog.destination('crashy')).toMatchObject({
      status: 'FAILED',
      origin: 'third-party',
      version: '1.0.0',
      packageName: 'junction-integration-crashy',
      failure: { reason: 'threw at import: TypeError: cannot read settings of undefined' },
    });
  });

  it('restricts what a workspace may install to its allow-list', async () => {
    const catalog = createCatalog({ dataDir });
    await catalog.policies.set('ws_a', { allow: ['webhook'] });
    expect((await catalog.destinations({ workspaceId: 'ws_a' })).map((d) => d.slug)).toEqual(['webhook']);
    expect((await catalog.destinations({ workspaceId: 'ws_b' })).length).toBe((await catalog.destinations()).length);
    await expect(catalog.assertCanInstall('ws_a', 'webhook')).resolves.toBeUndefined();
    await expect(catalog.assertCanInstall('ws_a', 'crashy')).rejects.toThrow(CatalogPolicyError);
    await expect(catalog.assertCanInstall('ws_a', 'crashy')).rejects.toThrow('workspace "ws_a" does not allow installing "crashy"');
    await catalog.policies.set('ws_a', undefined);
    await expect(catalog.assertCanInstall('ws_a', 'crashy')).resolves.toBeUndefined();
    expect(() => checkCatalogPolicy({ allow: ['webhook', 'Web Hook'] })).toThrow('policy.allow.1 must be a kebab-case slug, got "Web Hook"');
    await expect(catalog.policies.set('ws_a', { allow: 'webhook' } as never)).rejects.toThrow('policy.allow must be an array');
  });

  it('serves the sources catalog', () => {
    const catalog = createCatalog({ dataDir });
    const names = catalog.sources().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['HTTP API', 'JavaScript', 'Node.js', 'Python', 'Go', 'Ruby', 'PHP', 'Java', 'iOS', 'Android', 'React Native']));
    expect(new Set(catalog.sources().map((s) => s.id)).size).toBe(names.length);
    expect(catalog.source('javascript')).toMatchObject({ id: 'javascript', slug: 'javascript', categories: ['Website'], library: '@segment/analytics-next' });
    for (const s of catalog.sources()) expect(s.logos.default).toMatch(/^data:image\/svg/);
  });
});
