import { runConformanceSuite } from '@junction/testing';
import { ecommerceEvents } from './__fixtures__/ecommerce-events.ts';
import googleAnalytics4 from './index.ts';

runConformanceSuite(googleAnalytics4, {
  settings: { measurementId: 'G-CONFORM123', apiSecret: 'mp_secret_conformance_0123' },
  events: ecommerceEvents,
});
