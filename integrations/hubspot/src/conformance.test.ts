import { runConformanceSuite, sampleEvents } from '@junction/testing';
import hubspot from './index.ts';

runConformanceSuite(hubspot, {
  settings: { accessToken: 'pat-na1-conformance-0123456789', eventNameMapping: { 'Order Completed': 'pe1234567_order_completed' } },
  events: { sendCustomEvent: { ...sampleEvents.track, context: { ...sampleEvents.track.context, traits: { email: 'ada@example.com' } } } },
});
