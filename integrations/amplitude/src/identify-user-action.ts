import { defineAction } from '@junction/core';
import { sendPayloadEvents, throwIfError } from './amplitude-client.ts';
import { identityFields, toAmplitudeEvent } from './amplitude-fields.ts';
import type { AmplitudeSettings } from './amplitude-settings.ts';

const fields = {
  type: 'object',
  properties: {
    ...identityFields,
    user_properties: { type: 'object', title: 'User properties', description: 'Set on the user ($set).', default: { '@path': '$.traits' } },
    groups: { type: 'object', title: 'Groups', description: 'Group type → group name the user belongs to, e.g. {"company": "Acme"}.' },
  },
} as const;

function toEvent(payload: Record<string, unknown> & { user_properties?: Record<string, unknown> }) {
  const { user_properties, ...rest } = payload;
  return toAmplitudeEvent(rest, { event_type: '$identify', user_properties: { $set: user_properties ?? {} } });
}

/**
 * Action "identifyUser": sets user properties with an `$identify` event (`user_properties.$set`)
 * through the same ingestion API, batched with one result per identify.
 *
 * @example
 * await t.run({ action: 'identifyUser', event: sampleEvents.identify, settings: { apiKey } });
 */
export const identifyUser = defineAction<AmplitudeSettings>()({
  title: 'Identify user',
  description: 'Set user properties in Amplitude (an $identify event with $set), without logging an event.',
  defaultSubscription: 'type = "identify"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await sendPayloadEvents(request, settings, [[toEvent(payload)]]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return sendPayloadEvents(
      request,
      settings,
      payloads.map((p) => [toEvent(p)]),
    );
  },
});
