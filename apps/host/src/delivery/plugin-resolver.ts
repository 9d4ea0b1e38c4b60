import type { AnyIntegrationDefinition } from '@junction/core';
import type { Destination } from '@junction/store';
import type { PluginLoader } from '../plugins/plugin-loader.ts';
import type { SettingsCipher } from '../secrets/settings-cipher.ts';

/** The engine resolves plugins synchronously; the loader is async. This bridges the two. */
export interface SyncResolver {
  resolveIntegration(slug: string, version: string): AnyIntegrationDefinition | undefined;
  decryptSettings(destination: Destination): unknown;
  /** Stops answering for `slug@version` (a plugin that crashed): its destinations pause. */
  forget(slug: string, version: string): void;
}

/**
 * Preloads the given first-party slugs, then answers from a cache; a miss (a third-party plugin
 * version not loaded yet) starts loading it and answers `undefined` until it is there (the engine
 * re-reads its configuration every few seconds). A pinned first-party version that is no longer
 * installed falls back to the installed one of the same slug.
 *
 * @example
 * const resolver = await createSyncResolver(loader, cipher, ['webhook']);
 * createEngine({ store, ...resolver });
 */
export async function createSyncResolver(loader: PluginLoader, cipher: SettingsCipher, preload: readonly string[]): Promise<SyncResolver> {
  const byVersion = new Map<string, AnyIntegrationDefinition>();
  const bySlug = new Map<string, AnyIntegrationDefinition>();
  const loading = new Set<string>();
  const crashed = new Set<string>();
  const remember = (def: AnyIntegrationDefinition) => {
    byVersion.set(`${def.slug}@${def.version}`, def);
    if (!bySlug.has(def.slug)) bySlug.set(def.slug, def);
  };
  for (const slug of preload) {
    try {
      remember(await loader.resolveIntegration(slug));
    } catch (error) {
      console.error(`plugins: ${slug} failed to load: ${(error as Error).message}`);
    }
  }
  const resolveIntegration = (slug: string, version: string) => {
    const key = `${slug}@${version}`;
    if (crashed.has(key)) return undefined;
    const hit = byVersion.get(key);
    if (hit) return hit;
    if (!loading.has(key)) {
      loading.add(key);
      loader.resolveIntegration(slug, version).then(remember, () => {});
    }
    return bySlug.get(slug);
  };
  return {
    resolveIntegration,
    forget(slug, version) {
      const key = `${slug}@${version}`;
      crashed.add(key);
      const def = byVersion.get(key);
      byVersion.delete(key);
      if (def && bySlug.get(slug) === def) bySlug.delete(slug);
    },
    decryptSettings(destination) {
      const def = resolveIntegration(destination.integration, destination.pluginVersion);
      if (!def) throw new Error(`plugin ${destination.integration}@${destination.pluginVersion} is not loaded`);
      return cipher.open(def.settings, destination.settings);
    },
  };
}
