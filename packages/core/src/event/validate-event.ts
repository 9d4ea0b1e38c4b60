/**
 * Validation of one incoming call (or one batch item) against the ajv-compiled schema of its type.
 * Every problem is reported, each with a dotted path, a message naming the field and an ingest
 * discard reason.
 *
 * Ids (`userId`, `anonymousId`, `previousId`, `groupId`) may be strings or finite numbers: Segment's
 * classic libraries (analytics-node via loosely-validate-event) send numbers, so the Tracking API
 * takes them; `normalizeEvent` turns them into decimal strings. `null` and `""` count as absent.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { COMMON_EVENT_SCHEMA, EVENT_SCHEMAS, ISO_TIMESTAMP_FORMAT } from './event-schema.ts';
import { EVENT_TYPES, type EventType, isEventType, type TypedRawEvent } from './event-types.ts';
import { issueFromAjvError } from './ajv-issues.ts';
import type { EventValidationIssue } from './ingest-discard-reasons.ts';
import { isIsoTimestamp } from './iso-timestamp.ts';
import { MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH, utf8ByteLength } from './limits.ts';
import { collectPayloadIssues, payloadBound, scanPayload } from './payload-guard.ts';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
ajv.addVocabulary(['x-reason', 'x-missing', 'x-limit-reason', 'x-expect', 'x-message']);
ajv.addFormat(ISO_TIMESTAMP_FORMAT, { type: 'string', validate: isIsoTimestamp });

const commonValidator = ajv.compile(COMMON_EVENT_SCHEMA);
const validators = Object.fromEntries(EVENT_TYPES.map((type) => [type, ajv.compile(EVENT_SCHEMAS[type])])) as Record<
  EventType,
  typeof commonValidator
>;

/**
 * Options of `validateEvent`.
 *
 * @example
 * const options: ValidateEventOptions = { type: 'track' }; // from POST /v1/track
 */
export interface ValidateEventOptions {
  /** The call type from the endpoint; overrides (or supplies) the body's `type`. */
  type?: EventType;
  /** Check the 32 KB per-message limit on the JSON form (default true). */
  checkSize?: boolean;
}

/**
 * Result of `validateEvent`: the event with its type resolved, or every problem found.
 *
 * @example
 * const r: EventValidationResult = { valid: false, errors: [] };
 */
export type EventValidationResult = { valid: true; event: TypedRawEvent } | { valid: false; errors: EventValidationIssue[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `{ ...input, type }`, built key by key: a spread copy here cost ~2 µs and left an object that
 * validated several times slower. Falls back to the spread for keys a plain assignment would treat
 * differently (`__proto__`) or not see (symbols).
 */
function withType(input: Record<string, unknown>, type: EventType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue; // own keys only, as Object.keys, without its array
    if (key === '__proto__') return { ...input, type };
    out[key] = input[key];
  }
  if (Object.getOwnPropertySymbols(input).length > 0) return { ...input, type };
  out.type = type;
  return out;
}

function sizeIssues(candidate: object, label: string): EventValidationIssue[] {
  let json: string;
  try {
    json = JSON.stringify(candidate);
  } catch {
    return [{ path: '', message: `${label}: the event is not JSON-serialisable`, reason: 'bad_request' }];
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: short JSON needs no count.
  const bytes = json.length * 3 <= MAX_MESSAGE_BYTES ? 0 : utf8ByteLength(json);
  if (bytes <= MAX_MESSAGE_BYTES) return [];
  return [
    {
      path: '',
      message: `${label}: the event is ${bytes} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`,
      reason: 'message_too_large',
    },
  ];
}

/** Every problem of `candidate`, with paths and reasons (the slow path: runs when something is wrong). */
function allIssues(candidate: Record<string, unknown>, label: string, validator: ValidateFunction, checkSize: boolean, quick: boolean) {
  const errors = quick ? scanPayload(candidate, label) : collectPayloadIssues(candidate, label);
  if (errors.some((issue) => issue.reason === 'too_deeply_nested')) return errors;
  if (checkSize) errors.push(...sizeIssues(candidate, label));
  if (candidate.type === undefined) {
    errors.push({ path: 'type', message: 'event: "type" is required', reason: 'invalid_type' });
  }
  if (!validator(candidate)) {
    for (const error of validator.errors ?? []) {
      const issue = issueFromAjvError(label, error);
      if (issue) errors.push(issue);
    }
  }
  return errors;
}

/**
 * Whether `candidate` is valid, checked without building any issue: no forbidden key or deep
 * nesting, JSON size bounded under the limit (or measured), a type, and the schema holds. A `false`
 * is confirmed (and explained) by `allIssues`.
 */
function quickValid(candidate: Record<string, unknown>, validator: ValidateFunction, checkSize: boolean): boolean {
  if (candidate.type === undefined) return false;
  const bound = payloadBound(candidate, MAX_NESTING_DEPTH);
  if (bound < 0) return false;
  if (checkSize && bound > MAX_MESSAGE_BYTES) return false;
  return validator(candidate);
}

/**
 * Validates one call. Pure; does not modify `input`. On success the returned event is `input`
 * itself, or a shallow copy carrying `options.type` when the endpoint supplied the type.
 *
 * @example
 * validateEvent({ userId: 'u1' }, { type: 'track' });
 * // { valid: false, errors: [{ path: 'event', message: 'track: "event" is required',
 * //   reason: 'event_not_defined' }] }
 * validateEvent({ type: 'page', anonymousId: 'a1' }).valid; // true
 */
export function validateEvent(input: unknown, options: ValidateEventOptions = {}): EventValidationResult {
  return validate(input, options, true);
}

/**
 * `validateEvent` without the quick path for valid events: every check runs and builds its
 * issues. Same answer as `validateEvent` (tested on generated events); kept as the reference.
 *
 * @example
 * validateEventFully({ type: 'page', anonymousId: 'a1' }).valid; // true
 */
export function validateEventFully(input: unknown, options: ValidateEventOptions = {}): EventValidationResult {
  return validate(input, options, false);
}

function validate(input: unknown, options: ValidateEventOptions, quick: boolean): EventValidationResult {
  if (options.type !== undefined && !isEventType(options.type)) {
    throw new TypeError(`validateEvent: options.type must be one of ${EVENT_TYPES.join(', ')}`);
  }
  if (!isPlainObject(input)) {
    return { valid: false, errors: [{ path: '', message: 'event: the event must be a JSON object', reason: 'bad_request' }] };
  }
  const type = options.type ?? (isEventType(input.type) ? input.type : undefined);
  const candidate = options.type !== undefined && input.type !== options.type ? withType(input, options.type) : input;
  const validator = type === undefined ? commonValidator : validators[type];
  const checkSize = options.checkSize !== false;
  if (quick && quickValid(candidate, validator, checkSize)) return { valid: true, event: candidate as TypedRawEvent };
  const errors = allIssues(candidate, type ?? 'event', validator, checkSize, quick);
  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, event: candidate as TypedRawEvent };
}
