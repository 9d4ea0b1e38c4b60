import { defineAction } from '@junction/core';
import { batchResults, captureOne, type PosthogEvent } from './posthog-client.ts';
import { distinctIdField, timeAndIpFields, withDefined } from './posthog-fields.ts';
import type { PosthogSettings } from './posthog-settings.ts';

interface ScreenPayload {
  distinct_id: string;
  screen_name: string;
  properties?: Record<string, unknown>;
  timestamp?: string;
  ip?: string;
}

function toEvent(p: ScreenPayload): PosthogEvent {
  const properties = withDefined(p.properties, { $screen_name: p.screen_name, $ip: p.ip });
  return { event: '$screen', distinct_id: p.distinct_id, properties, ...(p.timestamp ? { timestamp: p.timestamp } : {}) };
}

/**
 * Action "screen": captures a `$screen` event with `$screen_name` (mobile apps).
 *
 * @example
 * await t.run({ action: 'screen', event: sampleEvents.screen, settings: { apiKey } });
 */
export const screen = defineAction<PosthogSettings>()({
  title: 'Capture screen',
  description: 'Capture a $screen view in PostHog (mobile apps).',
  defaultSubscription: 'type = "screen"',
  fields: {
    type: 'object',
    properties: {
      distinct_id: distinctIdField,
      screen_name: { type: 'string', minLength: 1, title: 'Screen name', default: { '@path': '$.name' } },
      properties: { type: 'object', title: 'Properties', default: { '@path': '$.properties' } },
      ...timeAndIpFields,
    },
    required: ['distinct_id', 'screen_name'],
  },
  async perform({ settings, payload, request }) {
    await captureOne(request, settings, toEvent(payload));
  },
  async performBatch({ settings, payloads, request }) {
    return batchResults(request, settings, payloads.map(toEvent));
  },
});
