import { defineAction } from '@junction/core';
import { sendEvent } from './customerio-client.ts';
import { eventBody, eventFields } from './customerio-fields.ts';
import type { CustomerioSettings } from './customerio-settings.ts';

/**
 * Action "trackScreenView": a `type: "screen"` event named by the screen name.
 *
 * @example
 * await t.run({ action: 'trackScreenView', event: sampleEvents.screen, settings: { siteId, apiKey } });
 */
export const trackScreenView = defineAction<CustomerioSettings>()({
  title: 'Track screen view',
  description: 'Send a mobile screen view (an event of type "screen") to Customer.io.',
  defaultSubscription: 'type = "screen"',
  fields: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100, title: 'Screen name', default: { '@path': '$.name' } },
      ...eventFields,
    },
    required: ['name'],
  },
  async perform({ settings, payload, request }) {
    await sendEvent(request, settings, { id: payload.id, anonymousId: payload.anonymous_id, body: eventBody(payload, payload.name, 'screen') });
  },
});
