import { EVENT_TYPES, validateEvent } from '@junction/core';
import { describe, expect, it } from 'vitest';
import { sampleEventList, sampleEvents } from './sample-events.ts';

describe('sampleEvents', () => {
  it('has one event of each spec type, in order', () => {
    expect(sampleEventList().map((e) => e.type)).toEqual([...EVENT_TYPES]);
  });

  it.each(Object.entries(sampleEvents))('the %s sample is a valid Segment event', (_type, event) => {
    expect(validateEvent(event)).toMatchObject({ valid: true });
  });

  it('hands out copies', () => {
    const [first] = sampleEventList();
    first!.userId = 'changed';
    expect(sampleEvents.identify.userId).toBe('user-1');
  });
});
