/**
 * @junction/integration-posthog: events, pageviews, screens, people and groups in PostHog Cloud
 * (US/EU) or a self-hosted instance, through the capture and batch endpoints. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { captureEvent } from './capture-event-action.ts';
import { groupIdentify } from './group-identify-action.ts';
import { identify } from './identify-action.ts';
import { pageview } from './pageview-action.ts';
import { posthogErrors } from './posthog-errors.ts';
import { posthogSettings } from './posthog-settings.ts';
import { screen } from './screen-action.ts';

export { batchResults, captureBatch, captureOne, POSTHOG_US_HOST, type PosthogEvent } from './posthog-client.ts';
export { posthogErrors } from './posthog-errors.ts';
export { type PosthogSettings, posthogSettings } from './posthog-settings.ts';

const HOUR = 3_600_000;

/**
 * The PostHog destination.
 *
 * @example
 * import posthog from '@junction/integration-posthog';
 * catalog.register(posthog);
 */
export const posthog = defineIntegration({
  slug: 'posthog',
  name: 'PostHog',
  version: '0.1.0',
  description: 'Send events, pageviews, screens, person and group properties to PostHog (cloud or self-hosted).',
  categories: ['Analytics'],
  website: 'https://posthog.com',
  settings: posthogSettings,
  actions: { captureEvent, pageview, screen, identify, groupIdentify },
  presets: [
    { name: 'Track Event', actionId: 'captureEvent', trigger: 'type = "track"' },
    { name: 'Page View', actionId: 'pageview', trigger: 'type = "page"' },
    { name: 'Screen View', actionId: 'screen', trigger: 'type = "screen"' },
    { name: 'Identify', actionId: 'identify', trigger: 'type = "identify"' },
    { name: 'Group', actionId: 'groupIdentify', trigger: 'type = "group"' },
  ],
  delivery: {
    // /batch/ takes any number of events in a body under 20 MB.
    batch: { maxCount: 1000, maxBytes: 10_000_000, maxWaitMs: 1000 },
    concurrency: 5,
    timeoutMs: 30_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: posthogErrors,
});

export default posthog;
