/**
 * @junction/integration-hubspot: contacts upserted by email (CRM v3) and custom behavioral events
 * (events v3) in HubSpot, with a private app access token. See ../README.md.
 */
import { defineIntegration, type RequestFn } from '@junction/core';
import { HUBSPOT_API } from './hubspot-client.ts';
import { hubspotError, hubspotErrors } from './hubspot-errors.ts';
import { type HubspotSettings, hubspotSettings } from './hubspot-settings.ts';
import { sendCustomEvent } from './send-custom-event-action.ts';
import { upsertContact } from './upsert-contact-action.ts';

export { type BatchSender, HUBSPOT_API, hubspotPost, sendInBatches, toHubspotProperties } from './hubspot-client.ts';
export { type HubspotErrorBody, hubspotError, hubspotErrors, parseHubspotBody, rateLimitWaitMs } from './hubspot-errors.ts';
export { type HubspotSettings, hubspotSettings } from './hubspot-settings.ts';
export { hubspotEventName } from './send-custom-event-action.ts';

const HOUR = 3_600_000;

/**
 * "Test connection": reads the account details (`GET /account-info/v3/details`) with the token.
 *
 * @example
 * await checkToken({ settings, request }); // throws INVALID_CREDENTIALS for a revoked token
 */
export async function checkToken({ settings, request }: { settings: HubspotSettings; request: RequestFn }): Promise<void> {
  const response = await request(`${HUBSPOT_API}/account-info/v3/details`, { headers: { authorization: `Bearer ${settings.accessToken}` }, throwHttpErrors: false });
  const error = hubspotError(response);
  if (error) throw error;
}

/**
 * The HubSpot destination.
 *
 * @example
 * import hubspot from '@junction/integration-hubspot';
 * catalog.register(hubspot);
 */
export const hubspot = defineIntegration({
  slug: 'hubspot',
  name: 'HubSpot',
  version: '0.1.0',
  description: 'Create or update HubSpot contacts and send custom behavioral events.',
  categories: ['CRM', 'Marketing Automation'],
  website: 'https://www.hubspot.com',
  settings: hubspotSettings,
  actions: { upsertContact, sendCustomEvent },
  presets: [
    { name: 'Upsert Contact', actionId: 'upsertContact', trigger: 'type = "identify"' },
    { name: 'Send Custom Behavioral Event', actionId: 'sendCustomEvent', trigger: 'type = "track"' },
  ],
  delivery: {
    // Contacts: 100 per batch upsert; events: 500 per batch send.
    batch: { maxCount: 100, maxBytes: 1_000_000, maxWaitMs: 1000 },
    // Private apps: 100 or 190 requests per 10 s depending on the plan.
    rateLimit: { perSecond: 10, burst: 20 },
    concurrency: 4,
    timeoutMs: 15_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: hubspotErrors,
  testConnection: checkToken,
});

export default hubspot;
