import { defineAction } from '@junction/core';
import { sendEvent } from './customerio-client.ts';
import { eventBody, eventFields } from './customerio-fields.ts';
import type { CustomerioSettings } from './customerio-settings.ts';

/**
 * Action "trackPageView": a `type: "page"` event named by the page URL.
 *
 * @example
 * await t.run({ action: 'trackPageView', event: sampleEvents.page, settings: { siteId, apiKey } });
 */
export const trackPageView = defineAction<CustomerioSettings>()({
  title: 'Track page view',
  description: 'Send a page view (an event of type "page" named by its URL) to Customer.io.',
  defaultSubscription: 'type = "page"',
  fields: {
    type: 'object',
    properties: {
      url: {
        type: 'string',
        minLength: 1,
        title: 'Page URL',
        default: {
          '@if': {
            exists: { '@path': '$.context.page.url' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@path': '$.context.page.url' },
            else: { '@path': '$.properties.url' },
          },
        },
      },
      ...eventFields,
    },
    required: ['url'],
  },
  async perform({ settings, payload, request }) {
    await sendEvent(request, settings, { id: payload.id, anonymousId: payload.anonymous_id, body: eventBody(payload, payload.url, 'page') });
  },
});
