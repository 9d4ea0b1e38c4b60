import { runConformanceSuite } from '@junction/testing';
import mixpanel from './index.ts';

runConformanceSuite(mixpanel, {
  settings: {
    projectToken: 'mp_token_conformance_01',
    apiSecret: 'mp_secret_conformance_02',
    serviceAccountUsername: 'junction.conformance.mp-service-account',
    serviceAccountSecret: 'mp_sa_secret_conformance_03',
    projectId: '3141592',
    region: 'EU',
  },
});
