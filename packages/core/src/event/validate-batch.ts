/**
 * Validation of a `/v1/batch` (or `/v1/import`) body: the envelope, then every item with its own
 * `type`. Item issues keep paths relative to the item; `index` says which item.
 */
import type { IntegrationsObject, JsonObject, RawEvent } from './event-types.ts';
import type { EventValidationIssue } from './ingest-discard-reasons.ts';
import { MAX_BATCH_EVENTS } from './limits.ts';
import { isPlainObject } from './merge-objects.ts';
import { type EventValidationResult, validateEvent } from './validate-event.ts';

/**
 * A batch body as clients send it.
 *
 * @example
 * const body: RawBatch = { batch: [{ type: 'track', userId: 'u1', event: 'A' }], context: { ip: '1.2.3.4' } };
 */
export interface RawBatch {
  batch: RawEvent[];
  context?: JsonObject | null;
  integrations?: IntegrationsObject | null;
  writeKey?: unknown;
  [extra: string]: unknown;
}

/**
 * Result of `validateBatch`: envelope problems (nothing is accepted), or the per-item results
 * (the host accepts the valid items and reports the others).
 *
 * @example
 * const r: BatchValidationResult = { valid: false, errors: [] };
 */
export type BatchValidationResult =
  | { valid: false; errors: EventValidationIssue[] }
  | { valid: true; batch: RawBatch; items: Array<EventValidationResult & { index: number }> };

/**
 * Options of `validateBatch`.
 *
 * @example
 * // The whole body is under 32 KB, so no item can be over it: skip measuring each one.
 * const options: ValidateBatchOptions = { checkItemSize: bodyBytes > MAX_MESSAGE_BYTES };
 */
export interface ValidateBatchOptions {
  /** Check each item against the 32 KB per-message limit (default true). */
  checkItemSize?: boolean;
}

function objectIssue(body: Record<string, unknown>, key: 'context' | 'integrations'): EventValidationIssue[] {
  const value = body[key];
  if (value === undefined || value === null || isPlainObject(value)) return [];
  return [{ path: key, message: `batch: "${key}" must be an object`, reason: `${key}_not_object` }];
}

/**
 * Validates a batch envelope (`batch` a non-empty array of at most 2,500 items; top-level
 * `context` / `integrations` objects), then each item with `validateEvent`.
 *
 * @example
 * validateBatch({ batch: [] });
 * // { valid: false, errors: [{ path: 'batch', message: 'batch: "batch" is empty', reason: 'empty_batch' }] }
 */
export function validateBatch(input: unknown, options: ValidateBatchOptions = {}): BatchValidationResult {
  if (!isPlainObject(input)) {
    return { valid: false, errors: [{ path: '', message: 'batch: the body must be a JSON object', reason: 'bad_request' }] };
  }
  const errors = [...objectIssue(input, 'context'), ...objectIssue(input, 'integrations')];
  const items = input.batch;
  if (items === undefined) errors.push({ path: 'batch', message: 'batch: "batch" is required', reason: 'bad_request' });
  else if (!Array.isArray(items)) {
    errors.push({ path: 'batch', message: 'batch: "batch" must be an array', reason: 'bad_request' });
  } else if (items.length === 0) {
    errors.push({ path: 'batch', message: 'batch: "batch" is empty', reason: 'empty_batch' });
  } else if (items.length > MAX_BATCH_EVENTS) {
    errors.push({
      path: 'batch',
      message: `batch: "batch" has ${items.length} events, over the limit of ${MAX_BATCH_EVENTS}`,
      reason: 'too_many_events',
    });
  }
  if (errors.length > 0) return { valid: false, errors };
  const batch = input as RawBatch;
  const itemOptions = { checkSize: options.checkItemSize !== false };
  const results: Array<EventValidationResult & { index: number }> = new Array(batch.batch.length);
  for (let index = 0; index < results.length; index++) {
    // Built field by field: spreading each result into a new object cost more than validating the item.
    const result = validateEvent(batch.batch[index], itemOptions);
    results[index] = result.valid ? { valid: true, event: result.event, index } : { valid: false, errors: result.errors, index };
  }
  return { valid: true, batch, items: results };
}
