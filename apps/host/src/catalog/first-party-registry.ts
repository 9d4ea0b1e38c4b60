import type { AnyIntegrationDefinition } from '@junction/core';

/**
 * One first-party integration: its npm package and a lazy import of its definition.
 *
 * @example
 * const def = await firstPartyRegistry.webhook!.load();
 */
export interface FirstPartyEntry {
  packageName: string;
  load(): Promise<AnyIntegrationDefinition>;
}

/**
 * The explicit registry of first-party integrations, keyed by slug (= folder under integrations/).
 * No filesystem scanning: add a line here (and a host dependency) for every new package.
 * Imports are lazy, so a host only loads the plugins its destinations use.
 *
 * @example
 * Object.keys(firstPartyRegistry); // ['webhook', …]
 */
export const firstPartyRegistry: Readonly<Record<string, FirstPartyEntry>> = {
  amplitude: {
    packageName: '@junction/integration-amplitude',
    load: async () => (await import('@junction/integration-amplitude')).default,
  },
  'braze': {
    packageName: '@junction/integration-braze',
    load: async () => (await import('@junction/integration-braze')).default,
  },
  customerio: {
    packageName: '@junction/integration-customerio',
    load: async () => (await import('@junction/integration-customerio')).default,
  },
  'google-analytics-4': {
    packageName: '@junction/integration-google-analytics-4',
    load: async () => (await import('@junction/integration-google-analytics-4')).default,
  },
  'intercom': {
    packageName: '@junction/integration-intercom',
    load: async () => (await import('@junction/integration-intercom')).default,
  },
  'hubspot': {
    packageName: '@junction/integration-hubspot',
    load: async () => (await import('@junction/integration-hubspot')).default,
  },
  mixpanel: {
    packageName: '@junction/integration-mixpanel',
    load: async () => (await import('@junction/integration-mixpanel')).default,
  },
  'postgres-warehouse': {
    packageName: '@junction/integration-postgres-warehouse',
    load: async () => (await import('@junction/integration-postgres-warehouse')).default,
  },
  posthog: {
    packageName: '@junction/integration-posthog',
    load: async () => (await import('@junction/integration-posthog')).default,
  },
  slack: {
    packageName: '@junction/integration-slack',
    load: async () => (await import('@junction/integration-slack')).default,
  },
  webhook: {
    packageName: '@junction/integration-webhook',
    load: async () => (await import('@junction/integration-webhook')).default,
  },
};

/**
 * The slugs of every first-party integration, sorted.
 *
 * @example
 * firstPartySlugs(); // ['webhook']
 */
export function firstPartySlugs(): string[] {
  return Object.keys(firstPartyRegistry).sort();
}
