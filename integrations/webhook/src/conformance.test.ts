import { runConformanceSuite } from '@junction/testing';
import webhook from './index.ts';

runConformanceSuite(webhook, {
  settings: { url: 'https://hooks.example.com/junction', sharedSecret: 'whsec_conformance_0123456789' },
});
