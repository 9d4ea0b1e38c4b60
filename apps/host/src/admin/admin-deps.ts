import { type AdminStore, type DeliveryConfigRepo, openAdminStore, openDeliveryStore, type Store } from '@junction/store';
import type { Catalog } from '../catalog/index.ts';
import type { SettingsCipher } from '../secrets/index.ts';

/**
 * What {@link adminRoutes} needs.
 *
 * @example
 * const deps: AdminDeps = { store, catalog: createCatalog({ dataDir }), cipher: await createSettingsCipher({ dataDir, env: process.env }) };
 */
export interface AdminDeps {
  store: Store;
  /** Destination/source/warehouse catalog and the plugin loader (settings schemas, presets). */
  catalog: Catalog;
  /** Encrypts destination secrets at rest and redacts them on read. */
  cipher: SettingsCipher;
  /** Subscriptions and destination filters; default: the store's delivery tables. */
  delivery?: DeliveryConfigRepo;
  /** Requests per second allowed per API token (burst: twice that). Default 100; 0 disables. */
  rateLimit?: number;
  /** Workspace Health inputs beyond the store (flush in-memory metrics first, breaker states). */
  health?: AdminHealthDeps;
}

/**
 * What Workspace Health and usage routes read besides the store.
 *
 * @example
 * const health: AdminHealthDeps = { flush: () => ingest.flush(), breakers: () => undefined };
 */
export interface AdminHealthDeps {
  /** Writes metrics aggregated in memory (ingest recorder, engine) so reads are exact. */
  flush?: () => Promise<void>;
  /** Circuit-breaker state per destination id, when the engine reports it. */
  breakers?: () => Record<string, { state: string }> | undefined;
  /** This host's storage-probe row id. */
  hostId?: string;
}

/** {@link AdminDeps} with defaults filled in and the admin repositories opened. */
export interface ResolvedDeps {
  store: Store;
  admin: AdminStore;
  catalog: Catalog;
  cipher: SettingsCipher;
  delivery: DeliveryConfigRepo;
  rateLimit: number;
  health: AdminHealthDeps;
}

/**
 * Fills in the defaults of {@link AdminDeps}.
 *
 * @example
 * const deps = resolveDeps({ store, catalog, cipher }); // deps.delivery is the store's delivery config
 */
export function resolveDeps(deps: AdminDeps): ResolvedDeps {
  return {
    store: deps.store,
    admin: openAdminStore(deps.store),
    catalog: deps.catalog,
    cipher: deps.cipher,
    delivery: deps.delivery ?? openDeliveryStore(deps.store).config,
    rateLimit: deps.rateLimit ?? 100,
    health: deps.health ?? {},
  };
}
