import { defineAction } from '@junction/core';
import { sendProfileUpdates } from './mixpanel-client.ts';
import { sendProfileBatch, toProfileSet } from './mixpanel-profiles.ts';
import type { MixpanelSettings } from './mixpanel-settings.ts';

interface GroupPayload {
  group_key: string;
  group_id: string;
  traits?: Record<string, unknown>;
}

function toUpdate(settings: MixpanelSettings, payload: GroupPayload): object {
  const traits = payload.traits ?? {};
  // A trait named like the group key wins over the groupId (Segment's classic behaviour).
  const own = traits[payload.group_key];
  return {
    $token: settings.projectToken,
    $group_key: payload.group_key,
    $group_id: typeof own === 'string' || typeof own === 'number' ? String(own) : payload.group_id,
    $set: toProfileSet(traits),
  };
}

/**
 * Action "groupIdentifyUser": sets group profile properties with the Groups API (`$set`),
 * batched up to 2000 updates per request.
 *
 * @example
 * await t.run({ action: 'groupIdentifyUser', event: sampleEvents.group, settings: { projectToken } });
 */
export const groupIdentifyUser = defineAction<MixpanelSettings>()({
  title: 'Group identify',
  description: 'Set properties on a Mixpanel group profile (Groups API $set).',
  defaultSubscription: 'type = "group"',
  fields: {
    type: 'object',
    properties: {
      group_key: {
        type: 'string',
        minLength: 1,
        title: 'Group key',
        description: 'The group key configured in the Mixpanel project (e.g. "company_id").',
        default: '$group_id',
      },
      group_id: { type: 'string', minLength: 1, title: 'Group ID', default: { '@path': '$.groupId' } },
      traits: { type: 'object', title: 'Group properties', default: { '@path': '$.traits' } },
    },
    required: ['group_key', 'group_id'],
  },
  async perform({ settings, payload, request }) {
    await sendProfileUpdates(request, settings, 'groups', [toUpdate(settings, payload)]);
  },
  async performBatch({ settings, payloads, request }) {
    return sendProfileBatch(
      request,
      settings,
      'groups',
      payloads.map((p) => toUpdate(settings, p)),
    );
  },
});
