import { captureIntegrationError, defineAction, IntegrationError, throwIfError } from '@junction/core';
import { trackObjects } from './braze-client.ts';
import { identityFields, identityOf } from './braze-fields.ts';
import type { BrazeSettings } from './braze-settings.ts';

const path = (p: string) => ({ '@path': p }) as const;
const text = (title: string, from?: string) => ({ type: 'string', title, ...(from ? { default: path(from) } : {}) }) as const;
const subscribe = { type: 'string', enum: ['opted_in', 'subscribed', 'unsubscribed'] } as const;

const fields = {
  type: 'object',
  properties: {
    ...identityFields,
    email: text('Email', '$.traits.email'),
    first_name: text('First name', '$.traits.firstName'),
    last_name: text('Last name', '$.traits.lastName'),
    phone: text('Phone', '$.traits.phone'),
    gender: text('Gender (M, F, O, N, P or male/female/other)', '$.traits.gender'),
    dob: text('Date of birth (YYYY-MM-DD)', '$.traits.birthday'),
    country: text('Country', '$.context.location.country'),
    home_city: text('Home city', '$.traits.address.city'),
    language: text('Language (ISO-639-1)'),
    time_zone: text('Time zone (IANA)'),
    image_url: text('Image URL', '$.traits.avatar'),
    email_subscribe: { ...subscribe, title: 'Email subscription' },
    push_subscribe: { ...subscribe, title: 'Push subscription' },
    custom_attributes: { type: 'object', title: 'Custom attributes', description: 'Merged under the standard attributes. Default: all traits.', default: path('$.traits') },
  },
} as const;

const GENDERS: Record<string, string> = { m: 'M', male: 'M', f: 'F', female: 'F', o: 'O', other: 'O', n: 'N', not_applicable: 'N', p: 'P', prefer_not_to_say: 'P' };
const STANDARD = ['email', 'first_name', 'last_name', 'phone', 'country', 'home_city', 'language', 'time_zone', 'image_url', 'email_subscribe', 'push_subscribe'] as const;

type Payload = Record<string, unknown> & Parameters<typeof identityOf>[0] & { gender?: string; dob?: string; custom_attributes?: Record<string, unknown> };

function toAttributes(p: Payload) {
  const out: Record<string, unknown> = { ...p.custom_attributes, ...identityOf(p) };
  for (const key of STANDARD) if (p[key] !== undefined) out[key] = p[key];
  if (p.gender !== undefined) {
    const gender = GENDERS[p.gender.trim().toLowerCase().replace(/[\s-]+/g, '_')];
    if (!gender) throw new IntegrationError('INVALID_PAYLOAD', `payload.gender "${p.gender}" is not one of M, F, O, N, P (or male, female, other, not applicable, prefer not to say)`);
    out.gender = gender;
  }
  if (p.dob !== undefined) {
    const date = new Date(p.dob);
    if (Number.isNaN(date.getTime())) throw new IntegrationError('INVALID_PAYLOAD', `payload.dob "${p.dob}" is not a date`);
    out.dob = date.toISOString().slice(0, 10);
  }
  return [out];
}

/**
 * Action "updateUserProfile": identify calls → user attributes (`attributes` of `/users/track`):
 * standard attributes (email, names, phone, gender, dob, …) over the custom ones (traits).
 *
 * @example
 * await t.run({ action: 'updateUserProfile', event: sampleEvents.identify, settings });
 */
export const updateUserProfile = defineAction<BrazeSettings>()({
  title: 'Update User Profile',
  description: "Update a Braze user's standard and custom attributes.",
  defaultSubscription: 'type = "identify"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await trackObjects(request, settings, 'attributes', [captureIntegrationError(() => toAttributes(payload))]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return trackObjects(
      request,
      settings,
      'attributes',
      payloads.map((p) => captureIntegrationError(() => toAttributes(p))),
    );
  },
});
