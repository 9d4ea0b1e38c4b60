import { defineAction } from '@junction/core';
import { sendEvent } from './customerio-client.ts';
import { eventBody, eventFields } from './customerio-fields.ts';
import type { CustomerioSettings } from './customerio-settings.ts';

/**
 * Action "trackEvent": `POST /api/v1/customers/{id}/events`, or `POST /api/v1/events` with
 * `anonymous_id` for an event without a person ID.
 *
 * @example
 * await t.run({ action: 'trackEvent', event: sampleEvents.track, settings: { siteId, apiKey } });
 */
export const trackEvent = defineAction<CustomerioSettings>()({
  title: 'Track event',
  description: 'Send an event for a person (or an anonymous event) to Customer.io.',
  defaultSubscription: 'type = "track"',
  fields: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100, title: 'Event name', default: { '@path': '$.event' } },
      ...eventFields,
    },
    required: ['name'],
  },
  async perform({ settings, payload, request }) {
    await sendEvent(request, settings, { id: payload.id, anonymousId: payload.anonymous_id, body: eventBody(payload, payload.name) });
  },
});
