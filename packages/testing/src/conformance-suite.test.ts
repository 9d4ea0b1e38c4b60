import { afterAll, expect } from 'vitest';
import { echo } from './__fixtures__/echo-integration.ts';
import { memory, stored } from './__fixtures__/memory-integration.ts';
import { runConformanceSuite } from './conformance-suite.ts';

runConformanceSuite(echo, { settings: { token: 'tok_live_abcdef123456' } });

// transport 'none': the HTTP checks are skipped, the rest runs and really delivers.
runConformanceSuite(memory, { settings: { password: 'pw_0123456789' }, transport: 'none' });
afterAll(() => {
  expect(stored).toHaveLength(4); // one delivery + a batch of three
});
