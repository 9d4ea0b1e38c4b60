import { runConformanceSuite } from '@junction/testing';
import slack from './index.ts';

runConformanceSuite(slack, {
  settings: { webhookUrl: 'https://hooks.slack.com/services/T0CONFORM/B0CONFORM/conformance0123456789' },
});
