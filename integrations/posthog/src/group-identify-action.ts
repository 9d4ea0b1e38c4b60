import { defineAction } from '@junction/core';
import { batchResults, captureOne, type PosthogEvent } from './posthog-client.ts';
import { distinctIdField, withDefined } from './posthog-fields.ts';
import type { PosthogSettings } from './posthog-settings.ts';

interface GroupPayload {
  distinct_id: string;
  group_type: string;
  group_key: string;
  traits?: Record<string, unknown>;
  timestamp?: string;
}

function toEvent(p: GroupPayload): PosthogEvent {
  const properties = withDefined(undefined, { $group_type: p.group_type, $group_key: p.group_key, $group_set: p.traits ?? {} });
  return { event: '$groupidentify', distinct_id: p.distinct_id, properties, ...(p.timestamp ? { timestamp: p.timestamp } : {}) };
}

/**
 * Action "groupIdentify": a `$groupidentify` event that creates or updates a group
 * (`$group_type`, `$group_key`, `$group_set`).
 *
 * @example
 * await t.run({ action: 'groupIdentify', event: sampleEvents.group, settings: { apiKey } });
 */
export const groupIdentify = defineAction<PosthogSettings>()({
  title: 'Group identify',
  description: 'Create or update a group and its properties ($groupidentify, group analytics).',
  defaultSubscription: 'type = "group"',
  fields: {
    type: 'object',
    properties: {
      distinct_id: distinctIdField,
      group_type: { type: 'string', minLength: 1, title: 'Group type', description: 'e.g. "company"; at most 5 group types per project.', default: 'company' },
      group_key: { type: 'string', minLength: 1, title: 'Group key', default: { '@path': '$.groupId' } },
      traits: { type: 'object', title: 'Group properties ($group_set)', default: { '@path': '$.traits' } },
      timestamp: { type: 'string', title: 'Timestamp', default: { '@path': '$.timestamp' } },
    },
    required: ['distinct_id', 'group_type', 'group_key'],
  },
  async perform({ settings, payload, request }) {
    await captureOne(request, settings, toEvent(payload));
  },
  async performBatch({ settings, payloads, request }) {
    return batchResults(request, settings, payloads.map(toEvent));
  },
});
