/**
 * @junction/testing: the harness integration authors test with, and the conformance suite every
 * integration runs. See ../README.md.
 */
export { createFetchTransport, type FetchTransportOptions } from './http-transport.ts';
export { type LoopbackServer, type RecordedRequest, type Reply, type Responder, startLoopbackServer } from './loopback-server.ts';
export { sampleEventList, sampleEvents } from './sample-events.ts';
export { createTestIntegration, type RunInput, type TestIntegration } from './test-integration.ts';
export { type ConformanceOptions, runConformanceSuite } from './conformance-suite.ts';
