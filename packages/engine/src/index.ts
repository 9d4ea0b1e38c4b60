/**
 * @junction/engine: the delivery engine. Reads the event log per (destination, partition) with
 * durable cursors and leases, routes (integrations object, destination filters, subscriptions),
 * delivers through plugins with batching, limits and retries, and keeps failed events and metrics.
 * See ../README.md.
 */
export { createEngine, type Engine, type EngineOptions } from './engine.ts';
export { type BreakerOptions, type BreakerState, type BreakerStatus, type CircuitBreaker, createCircuitBreaker, DEFAULT_BREAKER, resolveBreaker } from './circuit-breaker.ts';
export { type DestinationOptions, type ResolvedOptions, resolveOptions, DEFAULT_CONCURRENCY } from './delivery-options.ts';
export { metricCode, routeEvent, type Route } from './route-event.ts';
export { compileDestination, configVersion, type DestinationConfig, type DestinationRuntime, type CompiledSubscription } from './destination-runtime.ts';
export { readDeliverySummary, percentileFromBuckets, type DeliverySummary } from './metrics-read.ts';
export { OUTCOMES, type Outcome, LATENCY_BUCKETS_MS, latencyBucket } from './metrics-recorder.ts';
export { type Exchange, type RawExchange, redactForStorage, toExchange } from './recording-transport.ts';
// The stored-JSON tag lives in the plugin contract (@junction/core); re-exported for existing imports.
export { EVENT_JSON, eventJsonOf, withEventJson } from '@junction/core';
export * from './transport/index.ts';
export * from './policy/index.ts';
export { testEvent, type EventTestReport, type SubscriptionTest, type SubscriptionVerdict, type TestedExchange, type TestEventOptions } from './event-tester.ts';
export { startEngineThread, type EngineThreadOptions } from './engine-thread.ts';
export { serveEngineThread } from './engine-thread-serve.ts';
export type { EngineStatus } from './engine-thread-protocol.ts';
