import { defineAction } from '@junction/core';
import { batchResults, captureOne, type PosthogEvent } from './posthog-client.ts';
import { distinctIdField, timeAndIpFields, withDefined } from './posthog-fields.ts';
import type { PosthogSettings } from './posthog-settings.ts';

interface CapturePayload {
  event: string;
  distinct_id: string;
  properties?: Record<string, unknown>;
  timestamp?: string;
  ip?: string;
  current_url?: string;
  referrer?: string;
  groups?: Record<string, unknown>;
  process_person_profile?: boolean;
}

function toEvent(p: CapturePayload): PosthogEvent {
  const properties = withDefined(p.properties, {
    $ip: p.ip,
    $current_url: p.current_url,
    $referrer: p.referrer,
    $groups: p.groups,
    $process_person_profile: p.process_person_profile,
  });
  return { event: p.event, distinct_id: p.distinct_id, properties, ...(p.timestamp ? { timestamp: p.timestamp } : {}) };
}

/**
 * Action "captureEvent": captures a custom event (`/capture/`, batches through `/batch/`).
 *
 * @example
 * await t.run({ action: 'captureEvent', event: sampleEvents.track, settings: { apiKey } });
 */
export const captureEvent = defineAction<PosthogSettings>()({
  title: 'Capture event',
  description: 'Capture a custom event in PostHog.',
  defaultSubscription: 'type = "track"',
  fields: {
    type: 'object',
    properties: {
      event: { type: 'string', minLength: 1, title: 'Event name', default: { '@path': '$.event' } },
      distinct_id: distinctIdField,
      properties: { type: 'object', title: 'Properties', default: { '@path': '$.properties' } },
      ...timeAndIpFields,
      current_url: { type: 'string', title: 'Current URL', default: { '@path': '$.context.page.url' } },
      referrer: { type: 'string', title: 'Referrer', default: { '@path': '$.context.page.referrer' } },
      groups: { type: 'object', title: 'Groups', description: 'Group type → group key, e.g. {"company": "org-7"}, sent as $groups.' },
      process_person_profile: {
        type: 'boolean',
        title: 'Process person profile',
        description: 'Set to false to capture the event as anonymous (no person profile; cheaper).',
      },
    },
    required: ['event', 'distinct_id'],
  },
  async perform({ settings, payload, request }) {
    await captureOne(request, settings, toEvent(payload));
  },
  async performBatch({ settings, payloads, request }) {
    return batchResults(request, settings, payloads.map(toEvent));
  },
});
