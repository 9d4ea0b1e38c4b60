import { defineAction } from '@junction/core';
import { sendPayloadEvents, throwIfError } from './amplitude-client.ts';
import { identityFields, toAmplitudeEvent } from './amplitude-fields.ts';
import type { AmplitudeSettings } from './amplitude-settings.ts';

const fields = {
  type: 'object',
  properties: {
    event_type: { type: 'string', minLength: 1, maxLength: 1024, title: 'Event type', default: { '@path': '$.event' } },
    ...identityFields,
    event_properties: { type: 'object', title: 'Event properties', default: { '@path': '$.properties' } },
    user_properties: { type: 'object', title: 'User properties', description: 'Set on the user with this event ($set).', default: { '@path': '$.context.traits' } },
    groups: { type: 'object', title: 'Groups', description: 'Group type → group name, e.g. {"company": "Acme"} (account-level reporting).' },
    revenue: { type: 'number', title: 'Revenue', default: { '@path': '$.properties.revenue' } },
    currency: { type: 'string', title: 'Currency', default: { '@path': '$.properties.currency' } },
    price: { type: 'number', title: 'Price', default: { '@path': '$.properties.price' } },
    quantity: { type: 'integer', title: 'Quantity', default: { '@path': '$.properties.quantity' } },
    productId: { type: 'string', title: 'Product ID', default: { '@path': '$.properties.product_id' } },
  },
  required: ['event_type'],
} as const;

function toEvent(payload: Record<string, unknown> & { event_type: string; user_properties?: Record<string, unknown> }) {
  const { user_properties, ...rest } = payload;
  const hasTraits = user_properties !== undefined && Object.keys(user_properties).length > 0;
  return toAmplitudeEvent(rest, { event_type: payload.event_type, user_properties: hasTraits ? { $set: user_properties } : undefined });
}

/**
 * Action "logEvent": sends events to the HTTP V2 API (or the Batch API), one result per event.
 *
 * @example
 * await t.run({ action: 'logEvent', event: sampleEvents.track, settings: { apiKey } });
 */
export const logEvent = defineAction<AmplitudeSettings>()({
  title: 'Log event',
  description: 'Send an event to Amplitude.',
  defaultSubscription: 'type = "track"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await sendPayloadEvents(request, settings, [[toEvent(payload)]]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return sendPayloadEvents(
      request,
      settings,
      payloads.map((p) => [toEvent(p)]),
    );
  },
});
