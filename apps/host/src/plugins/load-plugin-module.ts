import { pathToFileURL } from 'node:url';
import { type AnyIntegrationDefinition, validateIntegrationDefinition } from '@junction/core';
import type { PluginPackage } from './plugin-package.ts';

/**
 * The outcome of loading one plugin package: its definition, or why it failed.
 *
 * @example
 * const r: PluginLoadResult = await loadPluginModule(pkg);
 * if (r.status === 'failed') console.warn(r.reason);
 */
export type PluginLoadResult = { status: 'loaded'; definition: AnyIntegrationDefinition } | { status: 'failed'; reason: string };

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Imports a plugin package's entry and checks its default export: a definition that passes
 * `validateIntegrationDefinition`, whose slug and version match the package. Never throws: a
 * failure is returned with its reason.
 *
 * @example
 * const result = await loadPluginModule(readPluginPackage(dir));
 */
export async function loadPluginModule(pkg: PluginPackage): Promise<PluginLoadResult> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(pkg.entry).href)) as { default?: unknown };
  } catch (error) {
    return { status: 'failed', reason: `threw at import: ${describe(error)}` };
  }
  const def = mod.default;
  if (typeof def !== 'object' || def === null) {
    return { status: 'failed', reason: 'the entry module has no default export; export default defineIntegration({...})' };
  }
  let issues: Array<{ path: string; message: string }>;
  try {
    issues = validateIntegrationDefinition(def as Record<string, unknown>);
  } catch (error) {
    return { status: 'failed', reason: `could not be validated: ${describe(error)}` };
  }
  if (issues.length > 0) {
    return { status: 'failed', reason: `invalid definition: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}` };
  }
  const definition = def as AnyIntegrationDefinition;
  if (definition.slug !== pkg.slug) {
    return { status: 'failed', reason: `definition slug "${definition.slug}" differs from the package's slug "${pkg.slug}" (set "junction": { "slug" } in package.json)` };
  }
  if (definition.version !== pkg.version) {
    return { status: 'failed', reason: `definition version ${definition.version} differs from package version ${pkg.version}` };
  }
  return { status: 'loaded', definition };
}
