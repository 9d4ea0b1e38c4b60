/**
 * @junction/core: Junction's contracts. Pure functions and types, no I/O.
 *
 * - event: Segment spec event model, validation and normalisation
 * - errors: the ErrorCode catalogue and default HTTP / network classification
 * - integration: `defineIntegration`, the destination plugin contract
 * - mapping: the action-field mapping language (`@path`, `@template`, …)
 * - fql: Segment's Filter Query Language
 * - filters: destination filters (drop, sample, drop/allow properties)
 */
export * from './event/index.ts';
export * from './errors/index.ts';
export * from './integration/index.ts';
export * from './mapping/index.ts';
export * from './fql/index.ts';
export * from './filters/index.ts';
