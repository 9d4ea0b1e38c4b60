/**
 * The event model: Segment spec types, JSON Schemas, validation, normalisation, the integrations
 * object, partitioning and limits. Pure, no I/O.
 */
export * from './event-types.ts';
export * from './ingest-discard-reasons.ts';
export * from './limits.ts';
export { isIsoTimestamp, parseIsoTimestamp, toUtcIso } from './iso-timestamp.ts';
export { COMMON_EVENT_SCHEMA, EVENT_SCHEMAS, type EventJsonSchema, ISO_TIMESTAMP_FORMAT } from './event-schema.ts';
export { EVENT_FORBIDDEN_KEYS } from './payload-guard.ts';
export { type EventValidationResult, type ValidateEventOptions, validateEvent } from './validate-event.ts';
export { type BatchValidationResult, type RawBatch, type ValidateBatchOptions, validateBatch } from './validate-batch.ts';
export { mergeObjects } from './merge-objects.ts';
export { newMessageId } from './message-id.ts';
export { type NormalizeEventOptions, normalizeEvent, normalizeEventJson } from './normalize-event.ts';
export { type IntegrationCheckOptions, isIntegrationEnabled } from './integrations-object.ts';
export { fnv1a32, type PartitionKeySource, partitionKey, partitionOf } from './partition.ts';
