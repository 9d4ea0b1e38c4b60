/**
 * @junction/integration-customerio: identify people and track events, page views and screen
 * views in Customer.io through the Track API (v1), in the US or EU region. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { CUSTOMERIO_HOSTS, trackAuth } from './customerio-client.ts';
import { customerioErrors } from './customerio-errors.ts';
import { customerioSettings } from './customerio-settings.ts';
import { identifyPerson } from './identify-person-action.ts';
import { trackEvent } from './track-event-action.ts';
import { trackPageView } from './track-page-view-action.ts';
import { trackScreenView } from './track-screen-view-action.ts';

export { CUSTOMERIO_HOSTS, convertDates, sendEvent, toUnixSeconds, track, trackAuth } from './customerio-client.ts';
export { customerioErrorMessage, customerioErrors } from './customerio-errors.ts';
export { type CustomerioSettings, customerioSettings } from './customerio-settings.ts';

const HOUR = 3_600_000;

/**
 * The Customer.io destination.
 *
 * @example
 * import customerio from '@junction/integration-customerio';
 * catalog.register(customerio);
 */
export const customerio = defineIntegration({
  slug: 'customerio',
  name: 'Customer.io',
  version: '0.1.0',
  description: 'Identify people and send events, page views and screen views to Customer.io to trigger messaging.',
  categories: ['Email Marketing', 'SMS & Push Notifications'],
  website: 'https://customer.io',
  settings: customerioSettings,
  actions: { identifyPerson, trackEvent, trackPageView, trackScreenView },
  presets: [
    { name: 'Create or Update Person', actionId: 'identifyPerson', trigger: 'type = "identify"' },
    { name: 'Track Event', actionId: 'trackEvent', trigger: 'type = "track"' },
    { name: 'Track Page View', actionId: 'trackPageView', trigger: 'type = "page"' },
    { name: 'Track Screen View', actionId: 'trackScreenView', trigger: 'type = "screen"' },
  ],
  delivery: {
    // Track API fair use: 100 requests per second per workspace.
    rateLimit: { perSecond: 100, burst: 100 },
    concurrency: 10,
    timeoutMs: 10_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: customerioErrors,
  async testConnection({ settings, request }) {
    // Customer.io's credential check for Track API keys: 200 when the site ID and key are valid.
    await request(`${CUSTOMERIO_HOSTS[settings.region ?? 'US']}/auth`, { headers: { authorization: trackAuth(settings) } });
  },
});

export default customerio;
