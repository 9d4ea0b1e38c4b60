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
}

/** {@link AdminDeps} with defaults filled in and the admin repositories opened. */
export interface ResolvedDeps {
  store: Store;
  admin: AdminStore;
  catalog: Catalog;
  cipher: SettingsCipher;
  delivery: DeliveryConfigRepo;
  rateLimit: number;
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
  };
}
