/**
 * @junction/integration-intercom: contacts (users and leads) created or updated, companies with
 * their contacts attached, and data events in Intercom's REST API, with an access token. See ../README.md.
 */
import { defineIntegration, type RequestFn } from '@junction/core';
import { groupIdentifyContact } from './group-identify-contact-action.ts';
import { identifyContact } from './identify-contact-action.ts';
import { intercomRequest } from './intercom-client.ts';
import { intercomErrors } from './intercom-errors.ts';
import { type IntercomSettings, intercomSettings } from './intercom-settings.ts';
import { trackEvent } from './track-event-action.ts';

export { compact, findUniqueContact, intercomRequest, jsonObject, sendToIntercom, toUnixSeconds } from './intercom-client.ts';
export { type IntercomErrorBody, intercomError, intercomErrorCodes, intercomErrors, parseIntercomError, rateLimitWaitMs } from './intercom-errors.ts';
export { type EventMetadata, MAX_METADATA_KEYS, toEventMetadata } from './intercom-metadata.ts';
export { DEFAULT_INTERCOM_VERSION, INTERCOM_REGIONS, type IntercomSettings, intercomBaseUrl, intercomSettings } from './intercom-settings.ts';

const HOUR = 3_600_000;

/**
 * "Test connection": `GET /me` (the admin the token belongs to).
 *
 * @example
 * await checkToken({ settings, request }); // throws INVALID_CREDENTIALS for a revoked token
 */
export async function checkToken({ settings, request }: { settings: IntercomSettings; request: RequestFn }): Promise<void> {
  await intercomRequest(request, settings, 'GET', '/me');
}

/**
 * The Intercom destination.
 *
 * @example
 * import intercom from '@junction/integration-intercom';
 * catalog.register(intercom);
 */
export const intercom = defineIntegration({
  slug: 'intercom',
  name: 'Intercom',
  version: '0.1.0',
  description: 'Create or update Intercom contacts and companies, and submit data events.',
  categories: ['Customer Success', 'Marketing Automation'],
  website: 'https://www.intercom.com',
  settings: intercomSettings,
  actions: { identifyContact, trackEvent, groupIdentifyContact },
  presets: [
    { name: 'Identify Contact', actionId: 'identifyContact', trigger: 'type = "identify"' },
    { name: 'Track Event', actionId: 'trackEvent', trigger: 'type = "track"' },
    { name: 'Identify Company', actionId: 'groupIdentifyContact', trigger: 'type = "group"' },
  ],
  delivery: {
    // Private apps: 10,000 requests per minute, counted in 10-second windows; an identify or group costs 2–3.
    rateLimit: { perSecond: 50, burst: 100 },
    concurrency: 8,
    timeoutMs: 10_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: intercomErrors,
  testConnection: checkToken,
});

export default intercom;
