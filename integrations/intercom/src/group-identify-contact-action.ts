import { defineAction, IntegrationError } from '@junction/core';
import { compact, findUniqueContact, intercomRequest, jsonObject, toUnixSeconds } from './intercom-client.ts';
import type { IntercomSettings } from './intercom-settings.ts';

const path = (p: string) => ({ '@path': p }) as const;

const fields = {
  type: 'object',
  properties: {
    company_id: { type: 'string', minLength: 1, title: 'Company ID', description: 'Your ID of the company; cannot change once set.', default: path('$.groupId') },
    name: { type: 'string', title: 'Company name', default: path('$.traits.name') },
    plan: { type: 'string', title: 'Plan', default: path('$.traits.plan') },
    monthly_spend: { type: 'number', title: 'Monthly spend', description: 'Revenue from this company; Intercom keeps the integer part.', default: path('$.traits.monthly_spend') },
    size: { type: 'integer', title: 'Company size', description: 'Number of employees.', default: path('$.traits.employees') },
    website: { type: 'string', title: 'Website', default: path('$.traits.website') },
    industry: { type: 'string', title: 'Industry', default: path('$.traits.industry') },
    remote_created_at: { type: ['string', 'number'], title: 'Created at', description: 'When you created the company: ISO 8601 date or Unix seconds.', default: path('$.traits.createdAt') },
    custom_attributes: {
      type: 'object',
      title: 'Custom attributes',
      description: 'Company data attributes by name; they must already exist in Intercom (Settings → Data → Companies).',
    },
    contact_id: { type: 'string', minLength: 1, title: 'Contact ID', description: "Intercom's id of the contact to attach; else found by external ID or email." },
    external_id: { type: 'string', minLength: 1, title: 'External ID', description: 'Finds the contact to attach (your user ID).', default: path('$.userId') },
    email: { type: 'string', format: 'email', title: 'Email', description: 'Finds the contact to attach when there is no external ID.', default: path('$.context.traits.email') },
  },
  required: ['company_id'],
} as const;

/**
 * Action "groupIdentifyContact": group calls → the company created or updated by `company_id`
 * (`POST /companies`), then the contact (by `contact_id`, else the one contact with this
 * external_id/email from `POST /contacts/search`) attached with `POST /contacts/{id}/companies`.
 * Without a matching contact only the company is written (Intercom shows companies with contacts).
 *
 * @example
 * await t.run({ action: 'groupIdentifyContact', event: sampleEvents.group, settings });
 */
export const groupIdentifyContact = defineAction<IntercomSettings>()({
  title: 'Identify Company',
  description: 'Create or update a company in Intercom and attach the contact to it.',
  defaultSubscription: 'type = "group"',
  fields,
  async perform({ settings, payload, request, logger }) {
    const { contact_id, external_id, email, remote_created_at, ...company } = payload;
    const created = remote_created_at === undefined ? undefined : toUnixSeconds(remote_created_at, 'payload.remote_created_at');
    const response = await intercomRequest(request, settings, 'POST', '/companies', compact({ ...company, remote_created_at: created }));
    const contactId = contact_id ?? (await findUniqueContact(request, settings, { external_id, email }));
    if (!contactId) {
      logger?.info('intercom: company written, no single contact to attach', { company_id: company.company_id });
      return;
    }
    const companyId = jsonObject(response).id;
    if (typeof companyId !== 'string') throw new IntegrationError('UNKNOWN', `Intercom answered the company upsert (HTTP ${response.status}) without an id`, { status: response.status });
    await intercomRequest(request, settings, 'POST', `/contacts/${encodeURIComponent(contactId)}/companies`, { id: companyId });
  },
});
