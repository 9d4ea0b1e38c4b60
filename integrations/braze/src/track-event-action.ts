import { captureIntegrationError, defineAction, throwIfError } from '@junction/core';
import { trackObjects } from './braze-client.ts';
import { identityFields, identityOf, toIsoTime } from './braze-fields.ts';
import type { BrazeSettings } from './braze-settings.ts';

const fields = {
  type: 'object',
  properties: {
    ...identityFields,
    email: {
      type: 'string',
      title: 'Email',
      description: 'Identifies the user when there is no external ID, alias or Braze ID.',
      default: { '@path': '$.context.traits.email' },
    },
    name: { type: 'string', minLength: 1, title: 'Event name', default: { '@path': '$.event' } },
    time: { type: ['string', 'number'], title: 'Time', description: 'ISO-8601 or epoch ms. Default: the event timestamp.', default: { '@path': '$.timestamp' } },
    properties: { type: 'object', title: 'Event properties', default: { '@path': '$.properties' } },
    app_id: { type: 'string', title: 'App identifier', description: 'Optional Braze app identifier the event belongs to.' },
  },
  required: ['name'],
} as const;

type Payload = { name: string; time?: string | number; properties?: Record<string, unknown>; app_id?: string } & Parameters<typeof identityOf>[0];

function toEvent(p: Payload) {
  return [
    {
      ...identityOf(p),
      ...(p.app_id ? { app_id: p.app_id } : {}),
      name: p.name,
      time: toIsoTime(p.time, 'payload.time'),
      ...(p.properties && Object.keys(p.properties).length > 0 ? { properties: p.properties } : {}),
    },
  ];
}

/**
 * Action "trackEvent": track calls → custom events (`events` of `/users/track`), 75 per request.
 *
 * @example
 * await t.run({ action: 'trackEvent', event: { ...sampleEvents.track, event: 'Signed Up' }, settings });
 */
export const trackEvent = defineAction<BrazeSettings>()({
  title: 'Track Event',
  description: 'Record a custom event in Braze.',
  defaultSubscription: 'type = "track" and event != "Order Completed"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await trackObjects(request, settings, 'events', [captureIntegrationError(() => toEvent(payload))]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return trackObjects(
      request,
      settings,
      'events',
      payloads.map((p) => captureIntegrationError(() => toEvent(p))),
    );
  },
});
