import type { Label, Source } from '@junction/store';
import type { ResolvedDeps } from './admin-deps.ts';

/**
 * Segment's SourceMetadataV1 (the catalog type of a source).
 *
 * @example
 * const m: SourceMetadataView = { id: 'javascript', slug: 'javascript', name: 'JavaScript', description: '…', logos: { default: '…' }, options: [], categories: ['Website'], isCloudEventSource: false };
 */
export interface SourceMetadataView {
  id: string;
  slug: string;
  name: string;
  description: string;
  logos: { default: string; mark?: string; alt?: string };
  options: unknown[];
  categories: string[];
  isCloudEventSource: boolean;
}

/**
 * Segment's SourceV1.
 *
 * @example
 * const s: SourceView = { id, slug: 'web', name: 'Web', workspaceId, enabled: true, writeKeys: ['…'], settings: {}, labels: [], metadata };
 */
export interface SourceView {
  id: string;
  slug: string;
  name: string;
  metadata: SourceMetadataView;
  workspaceId: string;
  enabled: boolean;
  writeKeys: string[];
  settings: Record<string, unknown>;
  labels: Label[];
}

/** The catalog id used for sources created before their type was recorded. */
export const DEFAULT_SOURCE_METADATA_ID = 'http-api';

/**
 * The catalog metadata of a source type, in SourceMetadataV1 shape; undefined when unknown.
 *
 * @example
 * sourceMetadataView(deps, 'javascript')?.name; // 'JavaScript'
 */
export function sourceMetadataView(deps: Pick<ResolvedDeps, 'catalog'>, metadataId: string): SourceMetadataView | undefined {
  const m = deps.catalog.source(metadataId);
  if (!m) return undefined;
  return { id: m.id, slug: m.slug, name: m.name, description: m.description, logos: m.logos, options: [], categories: m.categories, isCloudEventSource: false };
}

/**
 * Builds the API view of sources (write keys, labels and catalog type loaded in bulk).
 *
 * @example
 * const [view] = await sourceViews(deps, [source]);
 */
export async function sourceViews(deps: ResolvedDeps, sources: readonly Source[]): Promise<SourceView[]> {
  const ids = sources.map((s) => s.id);
  const [labels, metadataIds, keys] = await Promise.all([
    deps.admin.labels.forResources('source', ids),
    deps.admin.sourceMetadata.get(ids),
    Promise.all(sources.map((s) => deps.store.writeKeys.list(s.id))),
  ]);
  return sources.map((s, i) => {
    const metadataId = metadataIds.get(s.id) ?? DEFAULT_SOURCE_METADATA_ID;
    return {
      id: s.id,
      slug: s.slug,
      name: s.name,
      metadata: sourceMetadataView(deps, metadataId) ?? sourceMetadataView(deps, DEFAULT_SOURCE_METADATA_ID)!,
      workspaceId: s.workspaceId,
      enabled: s.enabled,
      writeKeys: keys[i]!.map((k) => k.key),
      settings: s.settings,
      labels: labels.get(s.id) ?? [],
    };
  });
}
