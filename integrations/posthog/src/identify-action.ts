import { defineAction } from '@junction/core';
import { batchResults, captureOne, type PosthogEvent } from './posthog-client.ts';
import { distinctIdField, timeAndIpFields, withDefined } from './posthog-fields.ts';
import type { PosthogSettings } from './posthog-settings.ts';

interface IdentifyPayload {
  distinct_id: string;
  anonymous_id?: string;
  traits?: Record<string, unknown>;
  set_once?: Record<string, unknown>;
  timestamp?: string;
  ip?: string;
}

function toEvent(p: IdentifyPayload): PosthogEvent {
  const properties = withDefined(undefined, {
    $set: p.traits,
    $set_once: p.set_once,
    $anon_distinct_id: p.anonymous_id && p.anonymous_id !== p.distinct_id ? p.anonymous_id : undefined,
    $ip: p.ip,
  });
  return { event: '$identify', distinct_id: p.distinct_id, properties, ...(p.timestamp ? { timestamp: p.timestamp } : {}) };
}

/**
 * Action "identify": an `$identify` event that sets person properties (`$set`, `$set_once`) and
 * merges the anonymous ID into the user (`$anon_distinct_id`).
 *
 * @example
 * await t.run({ action: 'identify', event: sampleEvents.identify, settings: { apiKey } });
 */
export const identify = defineAction<PosthogSettings>()({
  title: 'Identify',
  description: 'Set person properties and link the anonymous ID to the user ($identify).',
  defaultSubscription: 'type = "identify"',
  fields: {
    type: 'object',
    properties: {
      distinct_id: distinctIdField,
      anonymous_id: { type: 'string', title: 'Anonymous ID', description: 'Merged into the person ($anon_distinct_id).', default: { '@path': '$.anonymousId' } },
      traits: { type: 'object', title: 'Person properties ($set)', default: { '@path': '$.traits' } },
      set_once: { type: 'object', title: 'Person properties set once ($set_once)' },
      ...timeAndIpFields,
    },
    required: ['distinct_id'],
  },
  async perform({ settings, payload, request }) {
    await captureOne(request, settings, toEvent(payload));
  },
  async performBatch({ settings, payloads, request }) {
    return batchResults(request, settings, payloads.map(toEvent));
  },
});
