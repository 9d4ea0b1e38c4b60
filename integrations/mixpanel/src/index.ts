/**
 * @junction/integration-mixpanel: events (Import API), user profiles (Engage API) and group
 * profiles (Groups API) in Mixpanel, in the US, EU or IN data-residency cluster. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { groupIdentifyUser } from './group-identify-action.ts';
import { identifyUser } from './identify-user-action.ts';
import { MIXPANEL_MAX_BATCH } from './mixpanel-client.ts';
import { mixpanelErrors } from './mixpanel-errors.ts';
import { mixpanelSettings } from './mixpanel-settings.ts';
import { trackEvent } from './track-event-action.ts';

export { apiBase, importAuth, importEvents, MIXPANEL_HOSTS, MIXPANEL_MAX_BATCH, type MixpanelEvent } from './mixpanel-client.ts';
export { failedRecords, mixpanelErrors } from './mixpanel-errors.ts';
export { toInsertId, toMillis, toMixpanelEvent } from './mixpanel-event.ts';
export { toProfileSet } from './mixpanel-profiles.ts';
export { type MixpanelSettings, mixpanelSettings } from './mixpanel-settings.ts';

const HOUR = 3_600_000;
const viewed = { event: { '@template': 'Viewed {{name}}' } };

/**
 * The Mixpanel destination.
 *
 * @example
 * import mixpanel from '@junction/integration-mixpanel';
 * catalog.register(mixpanel);
 */
export const mixpanel = defineIntegration({
  slug: 'mixpanel',
  name: 'Mixpanel',
  version: '0.1.0',
  description: 'Send events, user profiles and group profiles to Mixpanel product analytics.',
  categories: ['Analytics'],
  website: 'https://mixpanel.com',
  settings: mixpanelSettings,
  actions: { trackEvent, identifyUser, groupIdentifyUser },
  presets: [
    { name: 'Track Calls', actionId: 'trackEvent', trigger: 'type = "track"' },
    { name: 'Page Calls', actionId: 'trackEvent', trigger: 'type = "page"', mapping: viewed },
    { name: 'Screen Calls', actionId: 'trackEvent', trigger: 'type = "screen"', mapping: viewed },
    { name: 'Identify Calls', actionId: 'identifyUser', trigger: 'type = "identify"' },
    { name: 'Group Calls', actionId: 'groupIdentifyUser', trigger: 'type = "group"' },
  ],
  delivery: {
    // Mixpanel: up to 2000 events and 10 MB uncompressed per request; stay well under the size.
    batch: { maxCount: MIXPANEL_MAX_BATCH, maxBytes: 2_000_000, maxWaitMs: 1000 },
    concurrency: 5,
    timeoutMs: 30_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: mixpanelErrors,
  async testConnection({ settings, request }) {
    // Mixpanel's project-credential check (the one Segment's integration uses): validates the token.
    await request('https://mixpanel.com/api/app/validate-project-credentials/', {
      method: 'POST',
      json: { project_token: settings.projectToken },
    });
  },
});

export default mixpanel;
