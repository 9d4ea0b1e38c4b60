import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a Mixpanel destination. `projectToken`, `apiSecret` and `serviceAccountSecret` are
 * secrets. The Import API authenticates with, in order of preference: a service account
 * (`serviceAccountUsername` + `serviceAccountSecret` + `projectId`), the legacy project
 * `apiSecret`, or the `projectToken`. `region` picks the data-residency cluster (US, EU or IN).
 *
 * @example
 * const settings: MixpanelSettings = { projectToken: 'a1b2c3d4e5f6a7b8c9d0', region: 'EU' };
 */
export const mixpanelSettings = defineSettings({
  type: 'object',
  properties: {
    projectToken: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Project token',
      description: 'Project settings → Access keys → Project token. Used by the Engage and Groups APIs, and by the Import API when no secret or service account is set.',
    },
    apiSecret: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'API secret (legacy)',
      description: 'The project API secret, for Import API authentication.',
    },
    serviceAccountUsername: {
      type: 'string',
      minLength: 1,
      title: 'Service account username',
      description: 'An Owner or Admin service account, for Import API authentication (with its secret and the project ID).',
    },
    serviceAccountSecret: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Service account secret',
    },
    projectId: {
      type: 'string',
      pattern: '^[0-9]+$',
      title: 'Project ID',
      description: 'Numeric project ID; required with a service account.',
    },
    region: {
      type: 'string',
      enum: ['US', 'EU', 'IN'],
      title: 'Data residency',
      description: 'US (default): api.mixpanel.com; EU: api-eu.mixpanel.com; IN: api-in.mixpanel.com.',
    },
    strictMode: {
      type: 'boolean',
      title: 'Strict validation',
      description: 'On (default): Mixpanel validates every event and reports each rejected one (strict=1).',
    },
    sourceName: {
      type: 'string',
      minLength: 1,
      title: 'Source name',
      description: 'When set, sent as the event property `source_name` on every event.',
    },
  },
  required: ['projectToken'],
  dependencies: {
    serviceAccountUsername: ['serviceAccountSecret', 'projectId'],
    serviceAccountSecret: ['serviceAccountUsername', 'projectId'],
  },
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: MixpanelSettings = { projectToken: 'a1b2c3d4e5f6a7b8c9d0', serviceAccountUsername: 'junction.1a2b3c.mp-service-account', serviceAccountSecret: 'Xy…', projectId: '3141592' };
 */
export type MixpanelSettings = Infer<typeof mixpanelSettings>;
