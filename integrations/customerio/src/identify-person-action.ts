import { defineAction } from '@junction/core';
import { convertDates, toUnixSeconds, track } from './customerio-client.ts';
import type { CustomerioSettings } from './customerio-settings.ts';

const HANDLED = new Set(['created_at', 'createdAt', 'email', 'id', 'anonymous_id']);

/**
 * Action "identifyPerson": `PUT /api/v1/customers/{id}` with the person's attributes (created or
 * updated; attributes are added or changed, never removed).
 *
 * @example
 * await t.run({ action: 'identifyPerson', event: sampleEvents.identify, settings: { siteId, apiKey } });
 */
export const identifyPerson = defineAction<CustomerioSettings>()({
  title: 'Create or update person',
  description: 'Create a person in Customer.io, or update their attributes.',
  defaultSubscription: 'type = "identify"',
  fields: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
        minLength: 1,
        title: 'Person ID',
        description: 'The user ID, else the email address (accounts that identify people by email).',
        default: {
          '@if': {
            exists: { '@path': '$.userId' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@path': '$.userId' },
            else: { '@path': '$.traits.email' },
          },
        },
      },
      anonymous_id: { type: 'string', title: 'Anonymous ID', description: 'Merges this anonymous ID’s events into the person.', default: { '@path': '$.anonymousId' } },
      email: { type: 'string', title: 'Email', default: { '@path': '$.traits.email' } },
      created_at: {
        type: ['string', 'number'],
        title: 'Created at',
        default: {
          '@if': {
            exists: { '@path': '$.traits.created_at' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@path': '$.traits.created_at' },
            else: { '@path': '$.traits.createdAt' },
          },
        },
      },
      attributes: { type: 'object', maxProperties: 300, title: 'Attributes', description: 'Up to 300 per request; values up to 1000 bytes.', default: { '@path': '$.traits' } },
      convert_timestamp: { type: 'boolean', title: 'Convert dates', description: 'Convert ISO dates in attributes to Unix seconds (default on).', default: true },
    },
    required: ['id'],
  },
  async perform({ settings, payload, request }) {
    const attributes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(payload.attributes ?? {})) if (!HANDLED.has(key)) attributes[key] = value;
    const createdAt = toUnixSeconds(payload.created_at);
    const body = {
      ...(payload.convert_timestamp === false ? attributes : convertDates(attributes)),
      ...(payload.email ? { email: payload.email } : {}),
      ...(createdAt === undefined ? {} : { created_at: createdAt }),
      ...(payload.anonymous_id ? { anonymous_id: payload.anonymous_id } : {}),
    };
    await track(request, settings, 'PUT', `/customers/${encodeURIComponent(payload.id)}`, body);
  },
});
