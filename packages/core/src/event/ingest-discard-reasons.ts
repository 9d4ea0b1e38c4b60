/**
 * Why an incoming event (or batch) is refused at ingest. The first twelve are Segment's own
 * ingest discard reasons; the rest are Junction's, for problems Segment folds into `bad_request`
 * or drops silently.
 */

/**
 * Every ingest discard reason, Segment's first.
 *
 * @example
 * INGEST_DISCARD_REASONS.includes('no_user_anon_id'); // true
 */
export const INGEST_DISCARD_REASONS = [
  // Segment's
  'empty_batch',
  'no_user_anon_id',
  'id_required',
  'id_not_string',
  'event_not_defined',
  'event_not_string',
  'properties_not_object',
  'traits_not_object',
  'name_not_string',
  'source_disabled',
  'unknown_source',
  'bad_request',
  // Junction's
  'invalid_type',
  'message_too_large',
  'batch_too_large',
  'too_many_events',
  'message_id_too_long',
  'invalid_timestamp',
  'context_not_object',
  'integrations_not_object',
  'too_many_properties',
  'forbidden_key',
  'too_deeply_nested',
] as const;

/**
 * One ingest discard reason.
 *
 * @example
 * const reason: IngestDiscardReason = 'event_not_defined';
 */
export type IngestDiscardReason = (typeof INGEST_DISCARD_REASONS)[number];

/**
 * One problem found in an incoming event. `path` is dotted from the event root (`""` for the
 * event itself, `"context.traits"`, `"batch.3"`); `message` names the call type and the field.
 * Messages never quote the offending value (it could be a secret).
 *
 * @example
 * const issue: EventValidationIssue = {
 *   path: 'event', message: 'track: "event" is required', reason: 'event_not_defined',
 * };
 */
export interface EventValidationIssue {
  path: string;
  message: string;
  reason: IngestDiscardReason;
}
