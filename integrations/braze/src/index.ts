/**
 * @junction/integration-braze: user attributes, custom events and purchases in Braze through the
 * `/users/track` REST endpoint. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { brazeErrors } from './braze-errors.ts';
import { brazeSettings } from './braze-settings.ts';
import { trackEvent } from './track-event-action.ts';
import { trackPurchase } from './track-purchase-action.ts';
import { updateUserProfile } from './update-user-profile-action.ts';

export { BRAZE_MAX_PER_KIND, type BrazeKind, trackObjects } from './braze-client.ts';
export { type BrazeObjectError, type BrazeTrackBody, brazeErrors, objectErrors, parseBrazeBody, rateLimitWaitMs } from './braze-errors.ts';
export { identityOf } from './braze-fields.ts';
export { BRAZE_REST_ENDPOINTS, type BrazeSettings, brazeSettings } from './braze-settings.ts';

const HOUR = 3_600_000;

/**
 * The Braze destination.
 *
 * @example
 * import braze from '@junction/integration-braze';
 * catalog.register(braze);
 */
export const braze = defineIntegration({
  slug: 'braze',
  name: 'Braze',
  version: '0.1.0',
  description: 'Update Braze user profiles and record custom events and purchases.',
  categories: ['Marketing Automation', 'SMS & Push Notifications'],
  website: 'https://www.braze.com',
  settings: brazeSettings,
  actions: { updateUserProfile, trackEvent, trackPurchase },
  presets: [
    { name: 'Identify Calls', actionId: 'updateUserProfile', trigger: 'type = "identify"' },
    { name: 'Track Calls', actionId: 'trackEvent', trigger: 'type = "track" and event != "Order Completed"' },
    { name: 'Order Completed Calls', actionId: 'trackPurchase', trigger: 'type = "track" and event = "Order Completed"' },
  ],
  delivery: {
    // 75 objects of each kind per /users/track request (a purchase payload may make several).
    batch: { maxCount: 75, maxBytes: 1_000_000, maxWaitMs: 1000 },
    // Braze's base limit for /users/track: 3,000 requests per 3 seconds.
    rateLimit: { perSecond: 1000 },
    concurrency: 10,
    timeoutMs: 15_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: brazeErrors,
});

export default braze;
