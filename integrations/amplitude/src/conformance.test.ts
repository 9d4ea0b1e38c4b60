import { runConformanceSuite } from '@junction/testing';
import amplitude from './index.ts';

runConformanceSuite(amplitude, { settings: { apiKey: 'amp_key_conformance_0123456789' } });
