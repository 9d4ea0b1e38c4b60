import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a HubSpot destination. `accessToken` is a secret (a private app's access token).
 *
 * @example
 * const settings: HubspotSettings = { accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000', eventNameMapping: { 'Order Completed': 'pe1234567_order_completed' } };
 */
export const hubspotSettings = defineSettings({
  type: 'object',
  properties: {
    accessToken: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Private app access token',
      description: 'Settings → Integrations → Private apps → your app → Access token (pat-…). Scopes: crm.objects.contacts.write; analytics.behavioral_events.send for custom events.',
    },
    eventNameMapping: {
      type: 'object',
      additionalProperties: { type: 'string', pattern: '^pe\\d+_[a-z0-9_]+$' },
      title: 'Custom event names',
      description: 'Segment event name → the internal name of a HubSpot custom event (pe<portalId>_<name>, from Data management → Custom events).',
    },
  },
  required: ['accessToken'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: HubspotSettings = { accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000' };
 */
export type HubspotSettings = Infer<typeof hubspotSettings>;
