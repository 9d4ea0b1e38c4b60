import type { ActionDefinition, ObjectSchema } from '@junction/core';
import { captureIntegrationError, throwIfError } from '@junction/core';
import { sendGa4Events } from './google-analytics-4-client.ts';
import { type Ga4Payload, toGa4Event } from './google-analytics-4-event.ts';
import { commonFields } from './google-analytics-4-fields.ts';
import type { GoogleAnalytics4Settings } from './google-analytics-4-settings.ts';

/**
 * What a GA4 action is made of: its catalog text, default subscription, the GA4 event name (or how
 * to derive it from the payload) and the event-specific fields (each one an event parameter).
 *
 * @example
 * const spec: Ga4ActionSpec = { title: 'Add to Cart', description: '…', defaultSubscription: 'event = "Product Added"', eventName: 'add_to_cart', properties: {} };
 */
export interface Ga4ActionSpec {
  title: string;
  description: string;
  defaultSubscription: string;
  eventName: string | ((payload: Ga4Payload) => string);
  properties: Record<string, unknown>;
  required?: string[];
}

/**
 * An action sending one GA4 event per payload; batches go out as Measurement Protocol requests of
 * up to 25 events of the same client, with one result per payload.
 *
 * @example
 * export const addToCart = ga4Action({ title: 'Add to Cart', description: 'Product Added → add_to_cart', defaultSubscription: 'type = "track" and event = "Product Added"', eventName: 'add_to_cart', properties: { items: singleProductItems } });
 */
export function ga4Action(spec: Ga4ActionSpec): ActionDefinition<GoogleAnalytics4Settings, Ga4Payload> {
  const nameOf = (p: Ga4Payload) => (typeof spec.eventName === 'string' ? spec.eventName : spec.eventName(p));
  const fields = {
    type: 'object',
    properties: { ...commonFields, ...spec.properties },
    ...(spec.required ? { required: spec.required } : {}),
  } as ObjectSchema;
  return {
    title: spec.title,
    description: spec.description,
    defaultSubscription: spec.defaultSubscription,
    fields,
    async perform({ settings, payload, request }) {
      const [result] = await sendGa4Events(request, settings, [captureIntegrationError(() => toGa4Event(settings, nameOf(payload), payload))]);
      throwIfError(result!);
    },
    async performBatch({ settings, payloads, request }) {
      return sendGa4Events(
        request,
        settings,
        payloads.map((p) => captureIntegrationError(() => toGa4Event(settings, nameOf(p), p))),
      );
    },
  };
}
