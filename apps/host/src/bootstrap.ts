import type { Source, Store, Workspace } from '@junction/store';

/** What {@link bootstrap} created or found. */
export interface BootstrapResult {
  created: boolean;
  workspace: Workspace;
  source: Source;
  writeKey: string;
}

/**
 * On first start (no workspace yet) creates a demo workspace with one HTTP API source and its
 * writeKey; on later starts finds them again. Idempotent, safe when several hosts share one database
 * (a concurrent creator's slug conflict is read back).
 *
 * @example
 * ```ts
 * const { workspace, writeKey } = await bootstrap(store);
 * ```
 */
export async function bootstrap(store: Store): Promise<BootstrapResult | undefined> {
  const existing = await store.workspaces.list();
  if (existing.length > 0) {
    const workspace = existing[0]!;
    const source = (await store.sources.list(workspace.id))[0];
    const key = source ? (await store.writeKeys.list(source.id))[0]?.key : undefined;
    return source && key ? { created: false, workspace, source, writeKey: key } : undefined;
  }
  let workspace: Workspace;
  try {
    workspace = await store.workspaces.create({ slug: 'demo', name: 'Demo workspace' });
  } catch (error) {
    const raced = await store.workspaces.getBySlug('demo');
    if (!raced) throw error;
    return bootstrap(store);
  }
  const source = await store.sources.create({ workspaceId: workspace.id, slug: 'demo-http', name: 'Demo HTTP API source' });
  const { key } = await store.writeKeys.create(source.id);
  return { created: true, workspace, source, writeKey: key };
}
