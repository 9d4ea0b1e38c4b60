import type { CatalogPolicyRepo } from '@junction/store';

/**
 * Which catalog entries a workspace's members may install: `allow` lists slugs; no policy means
 * everything is allowed.
 *
 * @example
 * const policy: CatalogPolicy = { allow: ['webhook', 'slack'] };
 */
export interface CatalogPolicy {
  allow: string[];
}

/**
 * Where policies live: the store's `catalog_policies` table ({@link storeCatalogPolicyStore}),
 * or memory in tests ({@link memoryCatalogPolicyStore}).
 *
 * @example
 * await policies.set('ws_1', { allow: ['webhook'] });
 */
export interface CatalogPolicyStore {
  get(workspaceId: string): Promise<CatalogPolicy | undefined>;
  /** `undefined` removes the restriction. */
  set(workspaceId: string, policy: CatalogPolicy | undefined): Promise<void>;
}

/**
 * Thrown when a workspace's policy forbids installing a catalog entry.
 *
 * @example
 * if (error instanceof CatalogPolicyError) return c.json({ errors: [{ type: 'forbidden', message: error.message }] }, 403);
 */
export class CatalogPolicyError extends Error {
  readonly slug: string;
  constructor(workspaceId: string, slug: string) {
    super(`workspace "${workspaceId}" does not allow installing "${slug}": ask a workspace owner to add it to the catalog allow-list`);
    this.name = 'CatalogPolicyError';
    this.slug = slug;
  }
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a policy: `allow` must be an array of kebab-case slugs; throws naming the bad entry.
 *
 * @example
 * checkCatalogPolicy({ allow: ['Web Hook'] }); // throws 'policy.allow.0 must be a kebab-case slug, got "Web Hook"'
 */
export function checkCatalogPolicy(policy: unknown): CatalogPolicy {
  const allow = (policy as { allow?: unknown } | null)?.allow;
  if (!Array.isArray(allow)) throw new TypeError('policy.allow must be an array of integration slugs');
  allow.forEach((slug, i) => {
    if (typeof slug !== 'string' || !SLUG.test(slug)) throw new TypeError(`policy.allow.${i} must be a kebab-case slug, got ${JSON.stringify(slug)}`);
  });
  return { allow: [...new Set(allow as string[])] };
}

/**
 * A {@link CatalogPolicyStore} over the store's `catalog_policies` table (shared by every host on
 * one database); validates on write.
 *
 * @example
 * const catalog = createCatalog({ loader, policies: storeCatalogPolicyStore(catalogPolicyRepo(store.db)) });
 */
export function storeCatalogPolicyStore(repo: CatalogPolicyRepo): CatalogPolicyStore {
  return {
    async get(workspaceId) {
      const stored = await repo.get(workspaceId);
      return stored ? { allow: stored.allow } : undefined;
    },
    async set(workspaceId, policy) {
      await repo.set(workspaceId, policy === undefined ? undefined : checkCatalogPolicy(policy).allow);
    },
  };
}

/**
 * An in-memory {@link CatalogPolicyStore} (tests).
 *
 * @example
 * const policies = memoryCatalogPolicyStore();
 */
export function memoryCatalogPolicyStore(): CatalogPolicyStore {
  const map = new Map<string, CatalogPolicy>();
  return {
    async get(workspaceId) {
      const p = map.get(workspaceId);
      return p ? { allow: [...p.allow] } : undefined;
    },
    async set(workspaceId, policy) {
      if (policy === undefined) map.delete(workspaceId);
      else map.set(workspaceId, checkCatalogPolicy(policy));
    },
  };
}

/**
 * Policy checks over a store.
 *
 * @example
 * const access = catalogAccess(memoryCatalogPolicyStore());
 * await access.assertCanInstall('ws_1', 'webhook'); // throws CatalogPolicyError when not allowed
 */
export function catalogAccess(store: CatalogPolicyStore) {
  const canInstall = async (workspaceId: string, slug: string): Promise<boolean> => {
    const policy = await store.get(workspaceId);
    return policy === undefined || policy.allow.includes(slug);
  };
  return {
    canInstall,
    async assertCanInstall(workspaceId: string, slug: string): Promise<void> {
      if (!(await canInstall(workspaceId, slug))) throw new CatalogPolicyError(workspaceId, slug);
    },
    /** Keeps the entries the workspace may install. */
    async filter<T extends { slug: string }>(workspaceId: string, entries: T[]): Promise<T[]> {
      const policy = await store.get(workspaceId);
      return policy === undefined ? entries : entries.filter((e) => policy.allow.includes(e.slug));
    },
  };
}

/**
 * What {@link catalogAccess} returns.
 *
 * @example
 * const access: CatalogAccess = catalogAccess(store);
 */
export type CatalogAccess = ReturnType<typeof catalogAccess>;
