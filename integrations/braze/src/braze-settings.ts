import { defineSettings, type Infer } from '@junction/core';

/**
 * The REST endpoints of Braze's instances (the dashboard URL tells which one an account uses).
 *
 * @example
 * BRAZE_REST_ENDPOINTS.includes('https://rest.fra-01.braze.eu'); // true
 */
export const BRAZE_REST_ENDPOINTS = [
  'https://rest.iad-01.braze.com',
  'https://rest.iad-02.braze.com',
  'https://rest.iad-03.braze.com',
  'https://rest.iad-04.braze.com',
  'https://rest.iad-05.braze.com',
  'https://rest.iad-06.braze.com',
  'https://rest.iad-07.braze.com',
  'https://rest.iad-08.braze.com',
  'https://rest.us-09.braze.com',
  'https://rest.us-10.braze.com',
  'https://rest.fra-01.braze.eu',
  'https://rest.fra-02.braze.eu',
  'https://rest.au-01.braze.com',
  'https://rest.id-01.braze.com',
  'https://rest.jp-01.braze.com',
] as const;

/**
 * Settings of a Braze destination. `apiKey` is a secret (a REST API key with `users.track`).
 *
 * @example
 * const settings: BrazeSettings = { apiKey: 'a1b2c3d4-0000-4000-8000-123456789abc', endpoint: 'https://rest.fra-01.braze.eu' };
 */
export const brazeSettings = defineSettings({
  type: 'object',
  properties: {
    apiKey: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'REST API key',
      description: 'Settings → APIs and identifiers → API keys; needs the users.track permission. Sent as Authorization: Bearer.',
    },
    endpoint: {
      type: 'string',
      enum: BRAZE_REST_ENDPOINTS,
      title: 'REST endpoint',
      description: 'The REST endpoint of your Braze instance (dashboard-01.braze.com → rest.iad-01.braze.com, dashboard-01.braze.eu → rest.fra-01.braze.eu, …).',
    },
  },
  required: ['apiKey', 'endpoint'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: BrazeSettings = { apiKey: 'a1b2c3d4-0000-4000-8000-123456789abc', endpoint: 'https://rest.iad-01.braze.com' };
 */
export type BrazeSettings = Infer<typeof brazeSettings>;
