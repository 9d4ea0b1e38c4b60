/**
 * @junction/integration-amplitude: events, user properties and group properties in Amplitude
 * through the HTTP V2 API or the Batch Event Upload API, in the US or EU data center. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { amplitudeErrors } from './amplitude-errors.ts';
import { amplitudeSettings } from './amplitude-settings.ts';
import { groupIdentifyUser } from './group-identify-action.ts';
import { identifyUser } from './identify-user-action.ts';
import { logEvent } from './log-event-action.ts';

export { AMPLITUDE_ENDPOINTS, AMPLITUDE_THROTTLE_PAUSE_MS, type AmplitudeEvent, endpointFor, sendPayloadEvents } from './amplitude-client.ts';
export { type AmplitudeErrorBody, amplitudeErrors, parseAmplitudeBody, rejectedEvents } from './amplitude-errors.ts';
export { toAmplitudeEvent } from './amplitude-fields.ts';
export { type AmplitudeSettings, amplitudeSettings } from './amplitude-settings.ts';

const HOUR = 3_600_000;
const viewed = { event_type: { '@template': 'Viewed {{name}}' } };

/**
 * The Amplitude destination.
 *
 * @example
 * import amplitude from '@junction/integration-amplitude';
 * catalog.register(amplitude);
 */
export const amplitude = defineIntegration({
  slug: 'amplitude',
  name: 'Amplitude',
  version: '0.1.0',
  description: 'Send events, user properties and group properties to Amplitude product analytics.',
  categories: ['Analytics'],
  website: 'https://amplitude.com',
  settings: amplitudeSettings,
  actions: { logEvent, identifyUser, groupIdentifyUser },
  presets: [
    { name: 'Track Calls', actionId: 'logEvent', trigger: 'type = "track"' },
    { name: 'Page Calls', actionId: 'logEvent', trigger: 'type = "page"', mapping: viewed },
    { name: 'Screen Calls', actionId: 'logEvent', trigger: 'type = "screen"', mapping: viewed },
    { name: 'Identify Calls', actionId: 'identifyUser', trigger: 'type = "identify"' },
    { name: 'Group Calls', actionId: 'groupIdentifyUser', trigger: 'type = "group"' },
  ],
  delivery: {
    // HTTP V2: < 2000 events and < 1 MB per request (group identify sends 2 events per item).
    batch: { maxCount: 1000, maxBytes: 900_000, maxWaitMs: 1000 },
    concurrency: 5,
    timeoutMs: 30_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
  errors: amplitudeErrors,
});

export default amplitude;
