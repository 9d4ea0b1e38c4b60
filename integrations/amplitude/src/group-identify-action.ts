import { defineAction } from '@junction/core';
import { type AmplitudeEvent, sendPayloadEvents, throwIfError } from './amplitude-client.ts';
import { identityFields, toAmplitudeEvent } from './amplitude-fields.ts';
import type { AmplitudeSettings } from './amplitude-settings.ts';

const fields = {
  type: 'object',
  properties: {
    ...identityFields,
    group_type: { type: 'string', minLength: 1, title: 'Group type', description: 'e.g. "company" or "org id".', default: 'company' },
    group_value: { type: 'string', minLength: 1, title: 'Group value', default: { '@path': '$.groupId' } },
    group_properties: { type: 'object', title: 'Group properties', default: { '@path': '$.traits' } },
  },
  required: ['group_type', 'group_value'],
} as const;

function toEvents(payload: Record<string, unknown> & { group_type: string; group_value: string; group_properties?: Record<string, unknown> }): AmplitudeEvent[] {
  const { group_type, group_value, group_properties, insert_id, ...rest } = payload;
  const groups = { [group_type]: group_value };
  const id = typeof insert_id === 'string' ? insert_id : undefined;
  return [
    // Puts the user in the group …
    toAmplitudeEvent(rest, { event_type: '$identify', groups, insert_id: id && `${id}-identify` }),
    // … and sets the group's properties.
    toAmplitudeEvent(rest, { event_type: '$groupidentify', groups, group_properties: { $set: group_properties ?? {} }, insert_id: id && `${id}-group` }),
  ];
}

/**
 * Action "groupIdentifyUser": puts the user in a group (`$identify` with `groups`) and sets the
 * group's properties (`$groupidentify` with `group_properties.$set`), in the same request.
 *
 * @example
 * await t.run({ action: 'groupIdentifyUser', event: sampleEvents.group, settings: { apiKey } });
 */
export const groupIdentifyUser = defineAction<AmplitudeSettings>()({
  title: 'Group identify',
  description: 'Associate the user with a group and set group properties (Amplitude account-level reporting).',
  defaultSubscription: 'type = "group"',
  fields,
  async perform({ settings, payload, request }) {
    const [result] = await sendPayloadEvents(request, settings, [toEvents(payload)]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return sendPayloadEvents(
      request,
      settings,
      payloads.map((p) => toEvents(p)),
    );
  },
});
