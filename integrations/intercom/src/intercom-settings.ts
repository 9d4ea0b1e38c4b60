import { defineSettings, type Infer } from '@junction/core';

/**
 * Intercom's REST hosts per data-hosting region.
 *
 * @example
 * INTERCOM_REGIONS.eu; // 'https://api.eu.intercom.io'
 */
export const INTERCOM_REGIONS = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
} as const;

/**
 * The `Intercom-Version` sent when the settings name none.
 *
 * @example
 * headers['intercom-version'] = settings.apiVersion ?? DEFAULT_INTERCOM_VERSION;
 */
export const DEFAULT_INTERCOM_VERSION = '2.11';

/**
 * Settings of an Intercom destination. `accessToken` is a secret.
 *
 * @example
 * const settings: IntercomSettings = { accessToken: 'dG9rOjAwMDAwMDAwXzAwMDA=', region: 'eu', apiVersion: '2.11' };
 */
export const intercomSettings = defineSettings({
  type: 'object',
  properties: {
    accessToken: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Access token',
      description: 'Developer Hub → your app → Configure → Authentication → Access token. Sent as Authorization: Bearer. Needs read and write access to users, companies and events.',
    },
    region: {
      type: 'string',
      enum: ['us', 'eu', 'au'],
      title: 'Data hosting region',
      description: 'Where the workspace is hosted: us (api.intercom.io, default), eu (api.eu.intercom.io) or au (api.au.intercom.io). app.eu.intercom.com in the browser means eu.',
    },
    apiVersion: {
      type: 'string',
      pattern: '^(\\d+\\.\\d+|Unstable)$',
      title: 'API version',
      description: 'The Intercom-Version header, e.g. 2.11 (default) or 2.13.',
    },
    endpoint: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      title: 'API endpoint override',
      description: 'Replaces the region host (for a proxy or a test server), e.g. https://intercom-proxy.internal.example.',
    },
  },
  required: ['accessToken'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: IntercomSettings = { accessToken: 'dG9rOjAwMDAwMDAwXzAwMDA=' };
 */
export type IntercomSettings = Infer<typeof intercomSettings>;

/**
 * The base URL requests go to: `endpoint` (trailing slashes removed) if set, else the region host.
 *
 * @example
 * intercomBaseUrl({ accessToken: '…', region: 'au' }); // 'https://api.au.intercom.io'
 */
export function intercomBaseUrl(settings: IntercomSettings): string {
  if (settings.endpoint) return settings.endpoint.replace(/\/+$/, '');
  return INTERCOM_REGIONS[settings.region ?? 'us'];
}
