import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a Customer.io destination: the Track API credentials (Basic auth `siteId:apiKey`,
 * both secrets) and the account region (US or EU data center).
 *
 * @example
 * const settings: CustomerioSettings = { siteId: '0123456789abcdef0123', apiKey: 'fedcba9876543210fedc', region: 'EU' };
 */
export const customerioSettings = defineSettings({
  type: 'object',
  properties: {
    siteId: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Site ID',
      description: 'Account settings → API credentials → Track API keys: the site ID.',
    },
    apiKey: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'API key',
      description: 'The Track API key paired with the site ID.',
    },
    region: {
      type: 'string',
      enum: ['US', 'EU'],
      title: 'Account region',
      description: 'US (default): track.customer.io; EU: track-eu.customer.io. It must match the account’s data center.',
    },
  },
  required: ['siteId', 'apiKey'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: CustomerioSettings = { siteId: '0123456789abcdef0123', apiKey: 'fedcba9876543210fedc' };
 */
export type CustomerioSettings = Infer<typeof customerioSettings>;
