import { defineAction } from '@junction/core';
import { sendProfileUpdates } from './mixpanel-client.ts';
import { sendProfileBatch, toProfileSet } from './mixpanel-profiles.ts';
import type { MixpanelSettings } from './mixpanel-settings.ts';

interface IdentifyPayload {
  distinct_id: string;
  ip?: string;
  traits?: Record<string, unknown>;
}

function toUpdate(settings: MixpanelSettings, payload: IdentifyPayload): object | undefined {
  if (!payload.traits || Object.keys(payload.traits).length === 0) return undefined;
  return {
    $token: settings.projectToken,
    $distinct_id: payload.distinct_id,
    ...(payload.ip ? { $ip: payload.ip } : {}),
    $set: toProfileSet(payload.traits),
  };
}

/**
 * Action "identifyUser": sets user profile properties with the Engage API (`$set`), batched up to
 * 2000 updates per request. An identify without traits sends nothing.
 *
 * @example
 * await t.run({ action: 'identifyUser', event: sampleEvents.identify, settings: { projectToken } });
 */
export const identifyUser = defineAction<MixpanelSettings>()({
  title: 'Identify user',
  description: "Set properties on the user's Mixpanel profile (Engage API $set).",
  defaultSubscription: 'type = "identify"',
  fields: {
    type: 'object',
    properties: {
      distinct_id: {
        type: 'string',
        minLength: 1,
        title: 'Distinct ID',
        default: {
          '@if': {
            exists: { '@path': '$.userId' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@path': '$.userId' },
            else: { '@path': '$.anonymousId' },
          },
        },
      },
      ip: { type: 'string', title: 'IP address', description: 'Used for geolocation only.', default: { '@path': '$.context.ip' } },
      traits: { type: 'object', title: 'User properties', default: { '@path': '$.traits' } },
    },
    required: ['distinct_id'],
  },
  async perform({ settings, payload, request }) {
    const update = toUpdate(settings, payload);
    if (update) await sendProfileUpdates(request, settings, 'engage', [update]);
  },
  async performBatch({ settings, payloads, request }) {
    return sendProfileBatch(
      request,
      settings,
      'engage',
      payloads.map((p) => toUpdate(settings, p)),
    );
  },
});
