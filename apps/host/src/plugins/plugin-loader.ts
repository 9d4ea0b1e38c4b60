import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyIntegrationDefinition } from '@junction/core';
import { type FirstPartyEntry, firstPartyRegistry } from '../catalog/first-party-registry.ts';
import { loadPluginModule, type PluginLoadResult } from './load-plugin-module.ts';
import { PluginLoadError, PluginNotFoundError } from './plugin-errors.ts';
import { installPlugin } from './plugin-installer.ts';
import { compareVersions, listPluginDirs, type PluginPackage, readPluginPackage } from './plugin-package.ts';

/**
 * One plugin as the catalog and `junction plugin list` show it.
 *
 * @example
 * const s: PluginStatus = { slug: 'acme', packageName: 'junction-integration-acme', version: '1.0.0', origin: 'third-party', status: 'failed', reason: 'threw at import: Error: boom' };
 */
export interface PluginStatus {
  slug: string;
  packageName: string;
  version: string;
  origin: 'first-party' | 'third-party';
  status: 'loaded' | 'failed';
  reason?: string;
  definition?: AnyIntegrationDefinition;
}

/**
 * Options of {@link createPluginLoader}.
 *
 * @example
 * createPluginLoader({ dataDir: config.dataDir });
 */
export interface PluginLoaderOptions {
  /** Third-party plugins live in `<dataDir>/plugins`. */
  dataDir: string;
  /** First-party integrations (default: the host's registry). */
  registry?: Readonly<Record<string, FirstPartyEntry>>;
}

/**
 * What {@link createPluginLoader} returns.
 *
 * @example
 * const def = await loader.resolveIntegration(destination.integration, destination.pluginVersion);
 */
export interface PluginLoader {
  pluginsDir: string;
  /**
   * The definition of `slug` at `version` (any version when omitted: first-party, else the highest
   * installed). First-party comes from the registry, other versions and third-party plugins from
   * `<dataDir>/plugins`. Throws `PluginNotFoundError` or `PluginLoadError`.
   */
  resolveIntegration(slug: string, version?: string): Promise<AnyIntegrationDefinition>;
  /** Every plugin (first-party and installed), loading each; failures are listed, never thrown. */
  list(): Promise<PluginStatus[]>;
  /** Installs `<pkg>@<version>` or a `.tgz` path, then loads it. */
  install(spec: string): Promise<PluginStatus>;
  /** The installed plugin folder an error's stack runs through (third-party code), if any. */
  pluginDirOf(error: unknown): string | undefined;
  /**
   * Marks the plugin in `dir` as failed (`crashed after import: …`): the catalog lists it as
   * failed and `resolveIntegration` refuses it until the host restarts. Returns its new status.
   */
  markCrashed(dir: string, reason: string): Promise<PluginStatus | undefined>;
}

function safely(load: () => Promise<AnyIntegrationDefinition>): Promise<PluginLoadResult> {
  return load().then(
    (definition) => ({ status: 'loaded' as const, definition }),
    (error: unknown) => ({ status: 'failed' as const, reason: `threw at import: ${error instanceof Error ? error.message : String(error)}` }),
  );
}

/**
 * Creates the host's plugin loader. Plugins are imported lazily, on first use, and cached per
 * package version; several versions of one plugin are loaded side by side (each its own folder).
 * A plugin that fails to import or to validate is reported as failed and never throws past the
 * loader except from `resolveIntegration` (as a `PluginLoadError`).
 *
 * @example
 * const loader = createPluginLoader({ dataDir: './.data' });
 * const webhook = await loader.resolveIntegration('webhook');
 */
export function createPluginLoader(options: PluginLoaderOptions): PluginLoader {
  const pluginsDir = join(resolve(options.dataDir), 'plugins');
  const registry = options.registry ?? firstPartyRegistry;
  const firstParty = new Map<string, Promise<PluginLoadResult>>();
  const thirdParty = new Map<string, Promise<PluginLoadResult>>();

  const loadFirstParty = (slug: string, entry: FirstPartyEntry) => {
    const cached = firstParty.get(slug);
    if (cached) return cached;
    const result = safely(() => entry.load());
    firstParty.set(slug, result);
    return result;
  };
  const loadPackage = (pkg: PluginPackage) => {
    const cached = thirdParty.get(pkg.dir);
    if (cached) return cached;
    const result = loadPluginModule(pkg);
    thirdParty.set(pkg.dir, result);
    return result;
  };
  const installed = () =>
    listPluginDirs(pluginsDir).map((dir) => {
      try {
        return readPluginPackage(dir);
      } catch (error) {
        return { dir, error: (error as Error).message };
      }
    });
  const statusOf = (pkg: PluginPackage, result: PluginLoadResult): PluginStatus => ({
    slug: pkg.slug,
    packageName: pkg.name,
    version: pkg.version,
    origin: 'third-party',
    ...(result.status === 'loaded' ? { status: 'loaded', definition: result.definition } : { status: 'failed', reason: result.reason }),
  });

  return {
    pluginsDir,
    async resolveIntegration(slug, version) {
      const entry = registry[slug];
      if (entry) {
        const result = await loadFirstParty(slug, entry);
        if (result.status === 'failed') throw new PluginLoadError(entry.packageName, version ?? 'bundled', result.reason);
        if (version === undefined || result.definition.version === version) return result.definition;
      }
      const candidates = installed()
        .filter((p): p is PluginPackage => 'slug' in p && p.slug === slug)
        .sort((a, b) => compareVersions(b.version, a.version));
      const pkg = version === undefined ? candidates[0] : candidates.find((p) => p.version === version);
      if (!pkg) {
        const available = candidates.map((p) => p.version);
        const bundled = entry ? await loadFirstParty(slug, entry) : undefined;
        if (bundled?.status === 'loaded') available.unshift(`${bundled.definition.version} (bundled)`);
        throw new PluginNotFoundError(
          `integration "${slug}"${version ? ` version ${version}` : ''} is not installed${available.length ? ` (available: ${available.join(', ')})` : ''}; install it with \`junction plugin add <package>@<version>\``,
        );
      }
      const result = await loadPackage(pkg);
      if (result.status === 'failed') throw new PluginLoadError(pkg.name, pkg.version, result.reason);
      return result.definition;
    },
    async list() {
      const out: PluginStatus[] = [];
      for (const [slug, entry] of Object.entries(registry)) {
        const result = await loadFirstParty(slug, entry);
        const base = { slug, packageName: entry.packageName, origin: 'first-party' as const };
        out.push(result.status === 'loaded' ? { ...base, version: result.definition.version, status: 'loaded', definition: result.definition } : { ...base, version: '', status: 'failed', reason: result.reason });
      }
      for (const pkg of installed()) {
        if (!('slug' in pkg)) out.push({ slug: '', packageName: pkg.dir, version: '', origin: 'third-party', status: 'failed', reason: pkg.error });
        else out.push(statusOf(pkg, await loadPackage(pkg)));
      }
      return out;
    },
    pluginDirOf(error) {
      const stack = error instanceof Error ? (error.stack ?? '') : '';
      if (!stack) return undefined;
      return listPluginDirs(pluginsDir).find((dir) => stack.includes(`${dir}${sep}`) || stack.includes(`${pathToFileURL(dir).href}/`));
    },
    async markCrashed(dir, reason) {
      const pkg = installed().find((p) => p.dir === dir);
      if (!pkg || !('slug' in pkg)) return undefined;
      const failed: PluginLoadResult = { status: 'failed', reason: `crashed after import: ${reason}` };
      thirdParty.set(dir, Promise.resolve(failed));
      return statusOf(pkg, failed);
    },
    async install(spec) {
      const { dir } = await installPlugin({ pluginsDir, spec });
      thirdParty.delete(dir);
      const pkg = readPluginPackage(dir);
      return statusOf(pkg, await loadPackage(pkg));
    },
  };
}
