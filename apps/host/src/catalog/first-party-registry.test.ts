import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateIntegrationDefinition } from '@junction/core';
import { describe, expect, it } from 'vitest';
import hostPackage from '../../package.json' with { type: 'json' };
import { firstPartyRegistry, firstPartySlugs } from './first-party-registry.ts';

const integrationsDir = join(import.meta.dirname, '../../../../integrations');
const folders = readdirSync(integrationsDir).filter((name) => statSync(join(integrationsDir, name)).isDirectory());

describe('first-party registry', () => {
  it('registers every folder under integrations/', () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(firstPartySlugs()).toEqual([...folders].sort());
  });

  it.each(folders)('%s: package name matches the folder and the host depends on it', (folder) => {
    const pkg = JSON.parse(readFileSync(join(integrationsDir, folder, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe(`@junction/integration-${folder}`);
    expect(firstPartyRegistry[folder]?.packageName).toBe(pkg.name);
    expect((hostPackage.dependencies as Record<string, string>)[pkg.name]).toBe('workspace:*');
  });

  it.each(firstPartySlugs())('%s: loads a valid definition whose slug is its key', async (slug) => {
    const def = await firstPartyRegistry[slug]!.load();
    expect(def.slug).toBe(slug);
    expect(validateIntegrationDefinition(def)).toEqual([]);
  });
});
