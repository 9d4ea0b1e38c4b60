import { runConformanceSuite, sampleEvents } from '@junction/testing';
import braze from './index.ts';

runConformanceSuite(braze, {
  settings: { apiKey: 'braze-rest-key-conformance-0123', endpoint: 'https://rest.iad-01.braze.com' },
  events: { trackEvent: { ...sampleEvents.track, event: 'Signed Up', properties: { plan: 'pro' } } },
});
