import type { AnyIntegrationDefinition } from '@junction/core';
import { type ActionMetadata, actionMetadata, type PresetMetadata, presetMetadata } from './action-metadata.ts';
import { type SettingOption, settingsOptions } from './settings-options.ts';

/**
 * Catalog status. Segment's values, plus `FAILED` for a plugin that could not be loaded.
 *
 * @example
 * const s: CatalogStatus = 'PUBLIC';
 */
export type CatalogStatus = 'PUBLIC' | 'PUBLIC_BETA' | 'PRIVATE_BETA' | 'DEPRECATED' | 'UNAVAILABLE' | 'FAILED';

/**
 * A destination in the catalog, in the shape of Segment's Public API Destination metadata
 * (`GET /catalog/destinations/{id}`). The id is the slug. `source` tells first-party from
 * third-party plugins; `failure` explains a `FAILED` status.
 *
 * @example
 * const meta: DestinationMetadata = destinationMetadata(webhook);
 * meta.options.map((o) => o.name); // ['url', 'headers', 'sharedSecret', 'batchRequests']
 */
export interface DestinationMetadata {
  id: string;
  slug: string;
  name: string;
  description: string;
  logos: { default: string; mark: string; alt: string };
  options: SettingOption[];
  status: CatalogStatus;
  categories: string[];
  website: string;
  supportedMethods: { track: boolean; pageview: boolean; identify: boolean; group: boolean; alias: boolean };
  supportedPlatforms: { browser: boolean; server: boolean; mobile: boolean };
  actions: ActionMetadata[];
  presets: PresetMetadata[];
  version: string;
  /** JSON Schema of the settings (what the console renders its form from). */
  settingsSchema: object;
  origin: 'first-party' | 'third-party';
  packageName?: string;
  failure?: { reason: string };
}

const METHODS = { track: ['track'], pageview: ['page', 'screen'], identify: ['identify'], group: ['group'], alias: ['alias'] } as const;

function supportedMethods(triggers: string[]): DestinationMetadata['supportedMethods'] {
  const typed = (type: string) => (t: string) => !/\btype\b/.test(t) || t.includes(`"${type}"`);
  const has = (types: readonly string[]) => types.some((type) => triggers.some(typed(type)));
  return { track: has(METHODS.track), pageview: has(METHODS.pageview), identify: has(METHODS.identify), group: has(METHODS.group), alias: has(METHODS.alias) };
}

/**
 * A generated square SVG logo (first letter of the name) for plugins that ship none.
 *
 * @example
 * placeholderLogo('Webhook'); // 'data:image/svg+xml;base64,…'
 */
export function placeholderLogo(name: string): string {
  const letter = (name.trim().charAt(0) || '?').toUpperCase().replace(/[<>&"']/g, '?');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="12" fill="#4f46e5"/><text x="32" y="43" font-size="32" font-family="sans-serif" text-anchor="middle" fill="#fff">${letter}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * Builds the catalog metadata of an integration definition.
 *
 * @example
 * destinationMetadata(webhook, { origin: 'first-party', packageName: '@junction/integration-webhook' }).supportedMethods.track; // true
 */
export function destinationMetadata(
  def: AnyIntegrationDefinition,
  extra: { status?: CatalogStatus; origin?: DestinationMetadata['origin']; packageName?: string } = {},
): DestinationMetadata {
  const logo = def.logo ?? placeholderLogo(def.name);
  const triggers = [...Object.values(def.actions).map((a) => a.defaultSubscription), ...(def.presets ?? []).map((p) => p.trigger)];
  const meta: DestinationMetadata = {
    id: def.slug,
    slug: def.slug,
    name: def.name,
    description: def.description,
    logos: { default: logo, mark: logo, alt: logo },
    options: settingsOptions(def.settings),
    status: extra.status ?? 'PUBLIC',
    categories: [...def.categories],
    website: def.website ?? '',
    supportedMethods: supportedMethods(triggers),
    supportedPlatforms: { browser: true, server: true, mobile: true },
    actions: actionMetadata(def),
    presets: presetMetadata(def),
    version: def.version,
    settingsSchema: def.settings,
    origin: extra.origin ?? 'first-party',
  };
  if (extra.packageName) meta.packageName = extra.packageName;
  return meta;
}

/**
 * The catalog entry of a plugin that failed to load: what is known (package, version), status
 * `FAILED` and the reason.
 *
 * @example
 * failedMetadata({ slug: 'acme', packageName: 'junction-integration-acme', version: '1.0.0', reason: 'threw at import: boom' });
 */
export function failedMetadata(input: { slug: string; packageName: string; version: string; reason: string }): DestinationMetadata {
  const logo = placeholderLogo(input.slug);
  return {
    id: input.slug,
    slug: input.slug,
    name: input.packageName,
    description: `Plugin ${input.packageName}@${input.version} failed to load.`,
    logos: { default: logo, mark: logo, alt: logo },
    options: [],
    status: 'FAILED',
    categories: [],
    website: '',
    supportedMethods: { track: false, pageview: false, identify: false, group: false, alias: false },
    supportedPlatforms: { browser: false, server: false, mobile: false },
    actions: [],
    presets: [],
    version: input.version,
    settingsSchema: { type: 'object' },
    origin: 'third-party',
    packageName: input.packageName,
    failure: { reason: input.reason },
  };
}
