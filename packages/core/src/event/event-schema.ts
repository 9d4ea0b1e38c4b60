/**
 * JSON Schemas (draft-07, ajv 8) for Segment's spec calls. Annotations (`x-reason`, `x-missing`,
 * `x-limit-reason`, `x-expect`, `x-message`) tell the validator which ingest discard reason and
 * wording an error maps to; they carry no validation meaning.
 */
import { EVENT_TYPES, type EventType } from './event-types.ts';
import { MAX_MESSAGE_ID_LENGTH, MAX_PROPERTIES } from './limits.ts';

/**
 * A JSON Schema object as used here.
 *
 * @example
 * const s: EventJsonSchema = { type: 'object' };
 */
export type EventJsonSchema = Record<string, unknown>;

/**
 * Name of the ajv format for Segment timestamps (see `iso-timestamp.ts`); register it with
 * `ajv.addFormat(ISO_TIMESTAMP_FORMAT, { type: 'string', validate: isIsoTimestamp })`.
 *
 * @example
 * ISO_TIMESTAMP_FORMAT; // 'iso-timestamp'
 */
export const ISO_TIMESTAMP_FORMAT = 'iso-timestamp';

const ID = { type: ['string', 'number', 'null'], 'x-reason': 'id_not_string', 'x-expect': 'a string or number' };
const REQUIRED_ID = { ...ID, not: { enum: [null, ''] }, 'x-missing': 'id_required' };
const TIMESTAMP = {
  type: ['string', 'null'],
  format: ISO_TIMESTAMP_FORMAT,
  'x-reason': 'invalid_timestamp',
  'x-expect': 'an ISO-8601 timestamp string',
};
const objectField = (reason: string, extra: EventJsonSchema = {}): EventJsonSchema => ({
  type: ['object', 'null'],
  'x-reason': reason,
  'x-expect': 'an object',
  ...extra,
});
const stringField = (reason: string): EventJsonSchema => ({ type: ['string', 'null'], 'x-reason': reason, 'x-expect': 'a string' });
const PROPERTY_BAG = { maxProperties: MAX_PROPERTIES, 'x-limit-reason': 'too_many_properties' };
const CONTEXT_OBJECTS = ['app', 'campaign', 'device', 'library', 'location', 'network', 'os', 'page', 'referrer', 'screen'];

const COMMON_PROPERTIES: Record<string, EventJsonSchema> = {
  type: { enum: [...EVENT_TYPES], 'x-reason': 'invalid_type', 'x-expect': `one of ${EVENT_TYPES.join(', ')}` },
  messageId: {
    type: ['string', 'null'],
    maxLength: MAX_MESSAGE_ID_LENGTH,
    // PostgreSQL text cannot hold U+0000, and both stores write UTF-8, where every unpaired
    // surrogate becomes U+FFFD (two different ids would become one): refused here with the field
    // named, not at the store. (ajv compiles patterns with the `u` flag: a pair is one character.)
    pattern: '^[^\\u0000\\uD800-\\uDFFF]*$',
    'x-message': 'must not contain NUL (U+0000) or unpaired surrogate characters',
    'x-reason': 'id_not_string',
    'x-expect': 'a string',
    'x-limit-reason': 'message_id_too_long',
  },
  userId: ID,
  anonymousId: ID,
  previousId: ID,
  groupId: ID,
  event: stringField('event_not_string'),
  name: stringField('name_not_string'),
  category: stringField('bad_request'),
  properties: objectField('properties_not_object', PROPERTY_BAG),
  traits: objectField('traits_not_object', PROPERTY_BAG),
  context: objectField('context_not_object', {
    properties: {
      traits: objectField('traits_not_object'),
      ...Object.fromEntries(CONTEXT_OBJECTS.map((key) => [key, objectField('context_not_object')])),
    },
  }),
  integrations: objectField('integrations_not_object'),
  timestamp: TIMESTAMP,
  sentAt: TIMESTAMP,
  originalTimestamp: TIMESTAMP,
};

const HAS_USER_OR_ANONYMOUS_ID = {
  anyOf: ['userId', 'anonymousId'].map((key) => ({ required: [key], properties: { [key]: { not: { enum: [null, ''] } } } })),
  'x-reason': 'no_user_anon_id',
  'x-message': '"userId" or "anonymousId" is required',
};

function callSchema(
  type: EventType,
  overrides: Record<string, EventJsonSchema> = {},
  required: string[] = [],
  needsUser = true,
): EventJsonSchema {
  return {
    $id: `junction:event:${type}`,
    title: `Segment ${type} call`,
    type: 'object',
    properties: { ...COMMON_PROPERTIES, ...overrides },
    ...(required.length > 0 ? { required } : {}),
    ...(needsUser ? { allOf: [HAS_USER_OR_ANONYMOUS_ID] } : {}),
  };
}

/**
 * Fields common to every call, with no call-specific requirement (used when the type is unknown).
 *
 * @example
 * Object.keys(COMMON_EVENT_SCHEMA.properties as object).includes('messageId'); // true
 */
export const COMMON_EVENT_SCHEMA: EventJsonSchema = {
  $id: 'junction:event:common',
  title: 'Segment call, common fields',
  type: 'object',
  properties: COMMON_PROPERTIES,
};

/**
 * One schema per call type: userId or anonymousId everywhere except alias (userId + previousId);
 * track needs a non-empty `event`; group needs `groupId`.
 *
 * @example
 * EVENT_SCHEMAS.track.required; // ['event']
 */
export const EVENT_SCHEMAS: Readonly<Record<EventType, EventJsonSchema>> = {
  identify: callSchema('identify'),
  track: callSchema(
    'track',
    { event: { ...stringField('event_not_string'), not: { enum: [null, ''] }, 'x-missing': 'event_not_defined' } },
    ['event'],
  ),
  page: callSchema('page'),
  screen: callSchema('screen'),
  group: callSchema('group', { groupId: REQUIRED_ID }, ['groupId']),
  alias: callSchema('alias', { userId: REQUIRED_ID, previousId: REQUIRED_ID }, ['userId', 'previousId'], false),
};
