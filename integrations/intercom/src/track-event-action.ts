import { defineAction, IntegrationError } from '@junction/core';
import { compact, findUniqueContact, intercomRequest, toUnixSeconds } from './intercom-client.ts';
import { toEventMetadata } from './intercom-metadata.ts';
import type { IntercomSettings } from './intercom-settings.ts';

const path = (p: string) => ({ '@path': p }) as const;
// biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
const either = (a: string, b: string) => ({ '@if': { exists: path(a), then: path(a), else: path(b) } }) as const;

const fields = {
  type: 'object',
  properties: {
    event_name: { type: 'string', minLength: 1, title: 'Event name', description: 'Case-insensitive in Intercom; periods and dollar signs become hyphens.', default: path('$.event') },
    created_at: { type: ['string', 'number'], title: 'Event time', description: 'ISO 8601 date or Unix seconds; sent as Unix seconds.', default: path('$.timestamp') },
    user_id: { type: 'string', minLength: 1, title: 'User ID', description: 'Your ID of the user (the contact\'s external_id).', default: path('$.userId') },
    email: { type: 'string', format: 'email', title: 'Email', description: 'Used to find the contact when there is no user ID or contact ID.', default: either('$.properties.email', '$.context.traits.email') },
    id: { type: 'string', minLength: 1, title: 'Contact ID', description: "Intercom's id of the contact (lead or user)." },
    revenue: { type: 'number', title: 'Revenue', description: 'Sent as metadata.price.amount in cents (× 100).', default: path('$.properties.revenue') },
    currency: { type: 'string', title: 'Currency', description: 'ISO 4217 code of the revenue; USD when absent.', default: path('$.properties.currency') },
    metadata: {
      type: 'object',
      title: 'Metadata',
      description: 'Up to 10 flat key/value pairs (price first); nested objects and arrays are left out, extra keys too.',
      default: path('$.properties'),
    },
  },
  required: ['event_name', 'created_at'],
} as const;

/**
 * Action "trackEvent": track calls → `POST /events` (a data event on the contact found by
 * `user_id`, contact `id`, or — when only an email is known — the one contact with that email from
 * `POST /contacts/search`). Revenue becomes `metadata.price` in cents; metadata is flattened and
 * capped at 10 keys (see `toEventMetadata`).
 *
 * @example
 * await t.run({ action: 'trackEvent', event: sampleEvents.track, settings });
 */
export const trackEvent = defineAction<IntercomSettings>()({
  title: 'Track Event',
  description: 'Submit a data event to Intercom.',
  defaultSubscription: 'type = "track"',
  fields,
  async perform({ settings, payload, request, logger }) {
    const { revenue, currency, metadata: values, ...event } = payload;
    if (!event.user_id && !event.id && !event.email) throw new IntegrationError('INVALID_PAYLOAD', 'payload.user_id, payload.id or payload.email is required');
    const created_at = toUnixSeconds(event.created_at, 'payload.created_at');
    const rest = { ...values };
    for (const key of ['email', 'revenue', 'currency']) delete rest[key];
    const { metadata, dropped } = toEventMetadata(rest, { revenue, currency });
    if (dropped.length > 0) logger?.warn('intercom: metadata keys left out', { event: event.event_name, dropped });
    let id = event.id;
    if (!id && !event.user_id && event.email) {
      id = await findUniqueContact(request, settings, { email: event.email });
      if (!id) throw new IntegrationError('PAYLOAD_REJECTED', 'no single Intercom contact has this email: identify the contact first, or map user_id');
    }
    const body = compact({ ...event, id, created_at, metadata: Object.keys(metadata).length > 0 ? metadata : undefined });
    await intercomRequest(request, settings, 'POST', '/events', body);
  },
});
