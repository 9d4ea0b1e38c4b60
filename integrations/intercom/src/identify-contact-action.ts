import { defineAction, IntegrationError, type RequestFn } from '@junction/core';
import { compact, findUniqueContact, intercomRequest, sendToIntercom, toUnixSeconds } from './intercom-client.ts';
import { intercomError, intercomErrorCodes, parseIntercomError } from './intercom-errors.ts';
import type { IntercomSettings } from './intercom-settings.ts';

const path = (p: string) => ({ '@path': p }) as const;

const fields = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: ['user', 'lead'], title: 'Role', description: 'user (default) or lead. Leads cannot have an external ID.', default: 'user' },
    external_id: { type: 'string', minLength: 1, title: 'External ID', description: 'Your ID of the user; required for a user without email. Ignored for leads.', default: path('$.userId') },
    email: { type: 'string', format: 'email', title: 'Email', description: 'Required for a user without external ID.', default: path('$.traits.email') },
    phone: { type: 'string', title: 'Phone', default: path('$.traits.phone') },
    name: { type: 'string', title: 'Name', default: path('$.traits.name') },
    avatar: { type: 'string', format: 'uri', title: 'Avatar', description: 'URL of an image.', default: path('$.traits.avatar') },
    signed_up_at: { type: ['string', 'number'], title: 'Signed up at', description: 'ISO 8601 date or Unix seconds; sent as Unix seconds.' },
    last_seen_at: { type: ['string', 'number'], title: 'Last seen at', description: 'ISO 8601 date or Unix seconds; sent as Unix seconds.', default: path('$.timestamp') },
    owner_id: { type: 'integer', title: 'Owner ID', description: 'The ID of the admin who owns the contact.' },
    unsubscribed_from_emails: { type: 'boolean', title: 'Unsubscribed from emails' },
    custom_attributes: {
      type: 'object',
      title: 'Custom attributes',
      description: 'Custom data attributes by name, e.g. {"plan": {"@path": "$.traits.plan"}}. They must already exist in Intercom (Settings → Data → People).',
    },
  },
  required: ['role'],
} as const;

type Payload = {
  role: 'user' | 'lead';
  external_id?: string;
  email?: string;
  signed_up_at?: string | number;
  last_seen_at?: string | number;
} & Record<string, unknown>;

function toContact(p: Payload): Record<string, unknown> {
  if (p.role === 'user' && !p.external_id && !p.email) throw new IntegrationError('INVALID_PAYLOAD', 'payload.external_id or payload.email is required for a contact with role "user"');
  return compact({
    ...p,
    external_id: p.role === 'lead' ? undefined : p.external_id,
    signed_up_at: p.signed_up_at === undefined ? undefined : toUnixSeconds(p.signed_up_at, 'payload.signed_up_at'),
    last_seen_at: p.last_seen_at === undefined ? undefined : toUnixSeconds(p.last_seen_at, 'payload.last_seen_at'),
  });
}

/** The id in Intercom's 409 message "A contact matching those details already exists with id=…". */
function conflictingId(body: string): string | undefined {
  if (!intercomErrorCodes(body).includes('conflict')) return undefined;
  const messages = (parseIntercomError(body).errors ?? []).map((e) => e?.message ?? '').join(' ');
  return /\bid=([A-Za-z0-9_-]+)/.exec(messages)?.[1];
}

async function upsert(request: RequestFn, settings: IntercomSettings, contact: Record<string, unknown>): Promise<void> {
  const found = await findUniqueContact(request, settings, { external_id: contact.external_id as string | undefined, email: contact.email as string | undefined });
  if (found) {
    await intercomRequest(request, settings, 'PUT', `/contacts/${encodeURIComponent(found)}`, contact);
    return;
  }
  const created = await sendToIntercom(request, settings, 'POST', '/contacts', contact);
  const error = intercomError(created);
  if (!error) return;
  const id = created.status === 409 ? conflictingId(created.body) : undefined;
  if (id) {
    await intercomRequest(request, settings, 'PUT', `/contacts/${encodeURIComponent(id)}`, contact);
    return;
  }
  if (created.status === 409) {
    // Search lags behind creation and Intercom named no id: try again once the index caught up.
    throw new IntegrationError('DESTINATION_UNAVAILABLE', `Intercom reported the contact as existing, but search does not find it yet (${error.message})`, { status: 409, retryable: true, retryAfterMs: 60_000 });
  }
  throw error;
}

/**
 * Action "identifyContact": identify calls → an Intercom contact (user or lead) found by
 * external_id (else email) with `POST /contacts/search`, then updated (`PUT /contacts/{id}`) or created
 * (`POST /contacts`); a 409 conflict on create updates the contact Intercom names.
 *
 * @example
 * await t.run({ action: 'identifyContact', event: sampleEvents.identify, settings });
 */
export const identifyContact = defineAction<IntercomSettings>()({
  title: 'Identify Contact',
  description: 'Create or update a contact (user or lead) in Intercom.',
  defaultSubscription: 'type = "identify"',
  fields,
  async perform({ settings, payload, request }) {
    await upsert(request, settings, toContact(payload as Payload));
  },
});
