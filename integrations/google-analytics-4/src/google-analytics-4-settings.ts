import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a Google Analytics 4 destination. `apiSecret` is a secret. Set `measurementId` for a
 * web data stream or `firebaseAppId` for an app (Firebase) data stream; when both are set the web
 * stream wins.
 *
 * @example
 * const settings: GoogleAnalytics4Settings = { measurementId: 'G-ABC123XYZ9', apiSecret: 'mp_secret_0123456789' };
 */
export const googleAnalytics4Settings = defineSettings({
  type: 'object',
  properties: {
    measurementId: {
      type: 'string',
      pattern: '^G-[A-Z0-9]+$',
      title: 'Measurement ID',
      description: 'Web streams: Admin → Data streams → your stream → Measurement ID (G-XXXXXXXXXX). Not the stream ID.',
    },
    firebaseAppId: {
      type: 'string',
      minLength: 1,
      title: 'Firebase App ID',
      description: 'App streams: Firebase console → Project settings → General → Your apps → App ID (1:1234567890:android:abc…).',
    },
    apiSecret: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'API secret',
      description: 'Admin → Data streams → your stream → Measurement Protocol API secrets → Create.',
    },
    serverRegion: {
      type: 'string',
      enum: ['global', 'eu'],
      title: 'Collection endpoint',
      description: 'global (default): www.google-analytics.com; eu: region1.google-analytics.com (data collected in the EU).',
    },
  },
  required: ['apiSecret'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: GoogleAnalytics4Settings = { firebaseAppId: '1:1234567890:android:321abc456def7890', apiSecret: 'mp_secret_0123456789' };
 */
export type GoogleAnalytics4Settings = Infer<typeof googleAnalytics4Settings>;
