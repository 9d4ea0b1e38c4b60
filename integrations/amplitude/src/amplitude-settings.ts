import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of an Amplitude destination. `apiKey` is a secret. `region: "EU"` sends to Amplitude's
 * EU data center; `useBatchEndpoint` switches from the HTTP V2 API to the Batch Event Upload API.
 *
 * @example
 * const settings: AmplitudeSettings = { apiKey: '0123456789abcdef0123456789abcdef', region: 'EU' };
 */
export const amplitudeSettings = defineSettings({
  type: 'object',
  properties: {
    apiKey: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'API key',
      description: 'Project settings → General → API key.',
    },
    region: {
      type: 'string',
      enum: ['US', 'EU'],
      title: 'Data center',
      description: 'US (default): api2.amplitude.com; EU: api.eu.amplitude.com.',
    },
    useBatchEndpoint: {
      type: 'boolean',
      title: 'Use the Batch API',
      description: 'Send to /batch (up to 1000 events per second per user or device, 20 MB requests) instead of /2/httpapi (30 per second, 1 MB). Recommended for high volumes and backfills.',
    },
    minIdLength: {
      type: 'integer',
      minimum: 1,
      title: 'Minimum ID length',
      description: 'Overrides Amplitude’s minimum length of user_id and device_id (5 by default).',
    },
  },
  required: ['apiKey'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: AmplitudeSettings = { apiKey: '0123456789abcdef0123456789abcdef', useBatchEndpoint: true };
 */
export type AmplitudeSettings = Infer<typeof amplitudeSettings>;
