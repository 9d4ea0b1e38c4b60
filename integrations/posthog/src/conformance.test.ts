import { runConformanceSuite } from '@junction/testing';
import posthog from './index.ts';

runConformanceSuite(posthog, { settings: { apiKey: 'phc_conformance_0123456789', host: 'https://posthog.example.com' } });
