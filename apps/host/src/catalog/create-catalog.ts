import { createPluginLoader, type PluginLoader, type PluginStatus } from '../plugins/plugin-loader.ts';
import { compareVersions } from '../plugins/plugin-package.ts';
import { type CatalogPolicyStore, catalogAccess, memoryCatalogPolicyStore } from './catalog-policy.ts';
import { type DestinationMetadata, destinationMetadata, failedMetadata } from './destination-metadata.ts';
import { type SourceMetadata, sourcesCatalog } from './sources-catalog.ts';

/**
 * Options of {@link createCatalog}: a plugin loader (or a `dataDir` to make one) and where the
 * per-workspace allow-lists live (default: in memory).
 *
 * @example
 * createCatalog({ loader: createPluginLoader({ dataDir }) });
 */
export interface CatalogOptions {
  loader?: PluginLoader;
  dataDir?: string;
  policies?: CatalogPolicyStore;
}

/**
 * The catalog the admin API serves (`/catalog/destinations`, `/catalog/sources`).
 *
 * @example
 * const catalog = createCatalog({ dataDir: './.data' });
 * const all = await catalog.destinations();               // first-party + installed plugins
 * const mine = await catalog.destinations({ workspaceId }); // filtered by the workspace's allow-list
 */
export interface Catalog {
  destinations(filter?: { workspaceId?: string }): Promise<DestinationMetadata[]>;
  destination(slug: string, filter?: { workspaceId?: string }): Promise<DestinationMetadata | undefined>;
  sources(): readonly SourceMetadata[];
  source(slug: string): SourceMetadata | undefined;
  /** Throws `CatalogPolicyError` when the workspace may not install `slug`. */
  assertCanInstall(workspaceId: string, slug: string): Promise<void>;
  policies: CatalogPolicyStore;
  loader: PluginLoader;
}

function entryFor(status: PluginStatus): DestinationMetadata {
  if (status.status === 'loaded' && status.definition) {
    return destinationMetadata(status.definition, { origin: status.origin, packageName: status.packageName });
  }
  return failedMetadata({ slug: status.slug || status.packageName, packageName: status.packageName, version: status.version, reason: status.reason ?? 'unknown' });
}

/**
 * Builds the catalog: one entry per slug (for third-party plugins, the newest installed version; a
 * version that fails to load shows with status `FAILED` and the reason), plus the sources catalog.
 *
 * @example
 * const catalog = createCatalog({ dataDir: config.dataDir });
 * (await catalog.destination('webhook'))?.options.map((o) => o.name); // ['url', 'headers', 'sharedSecret', 'batchRequests']
 */
export function createCatalog(options: CatalogOptions = {}): Catalog {
  const loader = options.loader ?? createPluginLoader({ dataDir: options.dataDir ?? './.data' });
  const policies = options.policies ?? memoryCatalogPolicyStore();
  const access = catalogAccess(policies);
  const destinations = async (filter: { workspaceId?: string } = {}) => {
    const newest = new Map<string, PluginStatus>();
    for (const status of await loader.list()) {
      const key = status.slug || status.packageName;
      const seen = newest.get(key);
      if (!seen || (seen.origin === status.origin && compareVersions(status.version, seen.version) > 0)) newest.set(key, status);
    }
    const entries = [...newest.values()].map(entryFor).sort((a, b) => a.name.localeCompare(b.name));
    return filter.workspaceId ? access.filter(filter.workspaceId, entries) : entries;
  };
  return {
    destinations,
    async destination(slug, filter) {
      return (await destinations(filter)).find((d) => d.slug === slug);
    },
    sources: () => sourcesCatalog,
    source: (slug) => sourcesCatalog.find((s) => s.slug === slug),
    assertCanInstall: (workspaceId, slug) => access.assertCanInstall(workspaceId, slug),
    policies,
    loader,
  };
}
