import { echo } from './__fixtures__/echo-integration.ts';
import { runConformanceSuite } from './conformance-suite.ts';

runConformanceSuite(echo, { settings: { token: 'tok_live_abcdef123456' } });
