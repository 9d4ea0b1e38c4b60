import { captureIntegrationError, defineAction, type RequestFn, throwIfError } from '@junction/core';
import { type BatchSender, hubspotPost, sendInBatches, toHubspotProperties } from './hubspot-client.ts';
import { parseHubspotBody } from './hubspot-errors.ts';
import type { HubspotSettings } from './hubspot-settings.ts';

const path = (p: string) => ({ '@path': p }) as const;
// biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
const either = (a: string, b: string) => ({ '@if': { exists: path(a), then: path(a), else: path(b) } }) as const;
const text = (title: string, from: ReturnType<typeof path> | ReturnType<typeof either>) => ({ type: 'string', title, default: from }) as const;

const fields = {
  type: 'object',
  properties: {
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', title: 'Email', description: 'Identifies the contact (idProperty "email").', default: path('$.traits.email') },
    firstname: text('First name', either('$.traits.firstName', '$.traits.first_name')),
    lastname: text('Last name', either('$.traits.lastName', '$.traits.last_name')),
    phone: text('Phone', path('$.traits.phone')),
    company: text('Company', path('$.traits.company.name')),
    website: text('Website', path('$.traits.website')),
    address: text('Street address', path('$.traits.address.street')),
    city: text('City', path('$.traits.address.city')),
    state: text('State', path('$.traits.address.state')),
    zip: text('Postal code', path('$.traits.address.postal_code')),
    country: text('Country', path('$.traits.address.country')),
    lifecyclestage: text('Lifecycle stage', path('$.traits.lifecycle_stage')),
    properties: {
      type: 'object',
      title: 'Other properties',
      description: 'More contact properties by internal name, e.g. {"plan": {"@path": "$.traits.plan"}} (objects are sent as JSON, null clears).',
    },
  },
  required: ['email'],
} as const;

type Payload = { email: string; properties?: Record<string, unknown> } & Record<string, unknown>;
type Input = { idProperty: 'email'; id: string; properties: Record<string, string | number | boolean> };

function toInput(p: Payload): Input {
  const { email, properties, ...standard } = p;
  return { idProperty: 'email', id: email, properties: toHubspotProperties({ ...properties, ...standard }) };
}

function contactSender(request: RequestFn, settings: HubspotSettings): BatchSender<Input> {
  return {
    max: 100,
    async batch(items) {
      // HubSpot refuses duplicate IDs in one batch: merge them (later wins), failures go to each.
      const byEmail = new Map<string, { input: Input; indexes: number[] }>();
      for (const [i, item] of items.entries()) {
        const key = item.id.toLowerCase();
        const seen = byEmail.get(key);
        if (seen) {
          seen.input = { ...seen.input, properties: { ...seen.input.properties, ...item.properties } };
          seen.indexes.push(i);
        } else byEmail.set(key, { input: item, indexes: [i] });
      }
      const response = await hubspotPost(request, settings, '/crm/v3/objects/contacts/batch/upsert', { inputs: [...byEmail.values()].map((v) => v.input) });
      const body = parseHubspotBody(response.body);
      const failed = new Map<number, string>();
      for (const error of Array.isArray(body.errors) ? body.errors : []) {
        const ids = error.context?.ids ?? error.context?.id;
        if (!Array.isArray(ids) || ids.length === 0) return undefined;
        for (const id of ids) {
          const entry = byEmail.get(String(id).toLowerCase());
          if (!entry) return undefined;
          for (const i of entry.indexes) failed.set(i, `${error.category ?? 'error'}: ${error.message ?? ''}`.trim());
        }
      }
      return failed;
    },
    async one(item) {
      await hubspotPost(request, settings, '/crm/v3/objects/contacts/batch/upsert', { inputs: [item] });
    },
  };
}

/**
 * Action "upsertContact": identify calls → a contact created or updated by email through the CRM
 * v3 batch upsert endpoint (`idProperty: "email"`), up to 100 per request.
 *
 * @example
 * await t.run({ action: 'upsertContact', event: sampleEvents.identify, settings });
 */
export const upsertContact = defineAction<HubspotSettings>()({
  title: 'Upsert Contact',
  description: 'Create or update a HubSpot contact identified by email.',
  defaultSubscription: 'type = "identify"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await sendInBatches(contactSender(request, settings), [captureIntegrationError(() => toInput(payload))]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return sendInBatches(
      contactSender(request, settings),
      payloads.map((p) => captureIntegrationError(() => toInput(p))),
    );
  },
});
