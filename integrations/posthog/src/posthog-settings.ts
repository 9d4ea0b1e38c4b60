import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a PostHog destination. `apiKey` (the project API key, `phc_…`) is a secret. `host`
 * is the ingestion host: US Cloud (default), EU Cloud, or a self-hosted instance's URL.
 *
 * @example
 * const settings: PosthogSettings = { apiKey: 'phc_0123456789abcdef', host: 'https://eu.i.posthog.com' };
 */
export const posthogSettings = defineSettings({
  type: 'object',
  properties: {
    apiKey: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Project API key',
      description: 'Project settings → Project API key (phc_…). Not a personal API key (phx_…).',
    },
    host: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://[^/?#]+(/[^?#]*)?$',
      title: 'Host',
      description: 'https://us.i.posthog.com (US Cloud, default), https://eu.i.posthog.com (EU Cloud), or your self-hosted URL.',
    },
    historicalMigration: {
      type: 'boolean',
      title: 'Historical migration',
      description: 'Mark batches as a historical import (processed in order, outside spike detection). Only for backfills.',
    },
    geoipDisable: {
      type: 'boolean',
      title: 'Disable GeoIP',
      description: 'Send $geoip_disable so PostHog does not derive a location from the IP.',
    },
  },
  required: ['apiKey'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: PosthogSettings = { apiKey: 'phc_0123456789abcdef', host: 'https://posthog.example.com' };
 */
export type PosthogSettings = Infer<typeof posthogSettings>;
