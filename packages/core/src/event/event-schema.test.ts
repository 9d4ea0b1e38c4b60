import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { COMMON_EVENT_SCHEMA, EVENT_SCHEMAS, ISO_TIMESTAMP_FORMAT } from './event-schema.ts';
import { EVENT_TYPES } from './event-types.ts';
import { INGEST_DISCARD_REASONS } from './ingest-discard-reasons.ts';
import { isIsoTimestamp } from './iso-timestamp.ts';

/** Collects every `x-reason` / `x-missing` / `x-limit-reason` annotation in a schema. */
function annotatedReasons(node: unknown, found = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return found;
  for (const [key, value] of Object.entries(node)) {
    if (['x-reason', 'x-missing', 'x-limit-reason'].includes(key)) found.add(String(value));
    else annotatedReasons(value, found);
  }
  return found;
}

describe('exported schemas', () => {
  it('compile in a consumer-owned strict ajv that registers the annotations and the format', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    ajv.addVocabulary(['x-reason', 'x-missing', 'x-limit-reason', 'x-expect', 'x-message']);
    ajv.addFormat(ISO_TIMESTAMP_FORMAT, { type: 'string', validate: isIsoTimestamp });
    const track = ajv.compile(EVENT_SCHEMAS.track);
    expect(track({ type: 'track', anonymousId: 'a', event: 'E' })).toBe(true);
    expect(track({ type: 'track', anonymousId: 'a' })).toBe(false);
    expect(ajv.compile(COMMON_EVENT_SCHEMA)({})).toBe(true);
  });

  it('has one schema per call type, each with its requirements', () => {
    expect(Object.keys(EVENT_SCHEMAS)).toEqual([...EVENT_TYPES]);
    expect(EVENT_SCHEMAS.track.required).toEqual(['event']);
    expect(EVENT_SCHEMAS.group.required).toEqual(['groupId']);
    expect(EVENT_SCHEMAS.alias.required).toEqual(['userId', 'previousId']);
    expect(EVENT_SCHEMAS.alias.allOf).toBeUndefined();
    expect(EVENT_SCHEMAS.identify.allOf).toHaveLength(1);
  });

  it('annotates only known discard reasons', () => {
    for (const type of EVENT_TYPES) {
      for (const reason of annotatedReasons(EVENT_SCHEMAS[type])) {
        expect(INGEST_DISCARD_REASONS).toContain(reason);
      }
    }
  });
});
