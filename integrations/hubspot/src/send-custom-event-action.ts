import { captureIntegrationError, defineAction, IntegrationError, type RequestFn, throwIfError } from '@junction/core';
import { type BatchSender, hubspotPost, sendInBatches, toHubspotProperties } from './hubspot-client.ts';
import type { HubspotSettings } from './hubspot-settings.ts';

const path = (p: string) => ({ '@path': p }) as const;

const fields = {
  type: 'object',
  properties: {
    event_name: {
      type: 'string',
      minLength: 1,
      title: 'Event name',
      description: 'Looked up in settings.eventNameMapping; an internal name (pe<portalId>_…) is used as is.',
      default: path('$.event'),
    },
    email: {
      type: 'string',
      title: 'Email',
      description: 'Associates the event with the contact of this email.',
      default: {
        '@if': {
          exists: path('$.context.traits.email'),
          // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
          then: path('$.context.traits.email'),
          else: path('$.properties.email'),
        },
      },
    },
    utk: { type: 'string', title: 'User token (hubspotutk)', description: 'The HubSpot cookie of the visitor, when known.' },
    objectId: { type: 'string', title: 'Object ID', description: 'The HubSpot record ID the event is about.' },
    occurredAt: { type: 'string', title: 'Occurred at', default: path('$.timestamp') },
    properties: { type: 'object', title: 'Event properties', description: 'Custom event properties by internal name (objects sent as JSON).', default: path('$.properties') },
  },
  required: ['event_name'],
} as const;

type Payload = { event_name: string; email?: string; utk?: string; objectId?: string; occurredAt?: string; properties?: Record<string, unknown> };
type Input = Record<string, unknown> & { eventName: string };

const INTERNAL_NAME = /^pe\d+_[a-z0-9_]+$/;

/**
 * The HubSpot internal event name for a Segment event name: from `settings.eventNameMapping`, or
 * the name itself when it already is one (`pe<portalId>_…`); else `INVALID_PAYLOAD`.
 *
 * @example
 * hubspotEventName({ accessToken: 'pat-…', eventNameMapping: { 'Signed Up': 'pe123_signed_up' } }, 'Signed Up'); // 'pe123_signed_up'
 */
export function hubspotEventName(settings: HubspotSettings, name: string): string {
  const mapped = settings.eventNameMapping?.[name];
  if (mapped) return mapped;
  if (INTERNAL_NAME.test(name)) return name;
  throw new IntegrationError('INVALID_PAYLOAD', `no HubSpot custom event for "${name}": add it to settings.eventNameMapping (e.g. "${name}": "pe<portalId>_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}")`);
}

function toInput(settings: HubspotSettings, p: Payload): Input {
  if (!p.email && !p.utk && !p.objectId) throw new IntegrationError('INVALID_PAYLOAD', 'payload.email, payload.utk or payload.objectId is required by HubSpot (all are empty)');
  const occurredAt = p.occurredAt === undefined ? undefined : new Date(p.occurredAt);
  if (occurredAt && Number.isNaN(occurredAt.getTime())) throw new IntegrationError('INVALID_PAYLOAD', `payload.occurredAt "${p.occurredAt}" is not a date`);
  return {
    eventName: hubspotEventName(settings, p.event_name),
    ...(p.email ? { email: p.email } : {}),
    ...(p.utk ? { utk: p.utk } : {}),
    ...(p.objectId ? { objectId: p.objectId } : {}),
    ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
    properties: toHubspotProperties(p.properties ?? {}),
  };
}

function eventSender(request: RequestFn, settings: HubspotSettings): BatchSender<Input> {
  return {
    max: 500,
    async batch(items) {
      await hubspotPost(request, settings, '/events/v3/send/batch', { inputs: items });
      return new Map();
    },
    async one(item) {
      await hubspotPost(request, settings, '/events/v3/send', item);
    },
  };
}

/**
 * Action "sendCustomEvent": track calls → custom behavioral events (`/events/v3/send`, batches
 * through `/events/v3/send/batch`, up to 500), named through `settings.eventNameMapping`.
 *
 * @example
 * await t.run({ action: 'sendCustomEvent', event: sampleEvents.track, settings: { accessToken, eventNameMapping: { 'Order Completed': 'pe123_order_completed' } } });
 */
export const sendCustomEvent = defineAction<HubspotSettings>()({
  title: 'Send Custom Behavioral Event',
  description: 'Send a custom behavioral event to HubSpot, associated with a contact.',
  defaultSubscription: 'type = "track"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await sendInBatches(eventSender(request, settings), [captureIntegrationError(() => toInput(settings, payload))]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return sendInBatches(
      eventSender(request, settings),
      payloads.map((p) => captureIntegrationError(() => toInput(settings, p))),
    );
  },
});
