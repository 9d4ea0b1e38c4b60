import { defineAction } from '@junction/core';
import { importEvents, throwIfError } from './mixpanel-client.ts';
import { toMixpanelEvent } from './mixpanel-event.ts';
import type { MixpanelSettings } from './mixpanel-settings.ts';

/**
 * Action "trackEvent": sends events through the Import API (`POST /import`, batches of up to
 * 2000, one result per event from `failed_records`).
 *
 * @example
 * await t.runBatch({ action: 'trackEvent', events: [sampleEvents.track], settings: { projectToken } });
 */
export const trackEvent = defineAction<MixpanelSettings>()({
  title: 'Track event',
  description: 'Send an event to Mixpanel (Import API).',
  defaultSubscription: 'type = "track"',
  fields: {
    type: 'object',
    properties: {
      event: { type: 'string', minLength: 1, maxLength: 255, title: 'Event name', default: { '@path': '$.event' } },
      distinct_id: {
        type: 'string',
        title: 'Distinct ID',
        description: 'Who did it: the user ID, else the anonymous ID.',
        default: {
          '@if': {
            exists: { '@path': '$.userId' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@path': '$.userId' },
            else: { '@path': '$.anonymousId' },
          },
        },
      },
      user_id: { type: 'string', title: 'User ID ($user_id)', default: { '@path': '$.userId' } },
      device_id: { type: 'string', title: 'Device ID ($device_id)', default: { '@path': '$.anonymousId' } },
      insert_id: { type: 'string', minLength: 1, title: 'Insert ID', description: 'Deduplication key ($insert_id).', default: { '@path': '$.messageId' } },
      time: { type: ['string', 'number'], title: 'Time', description: 'ISO date or epoch seconds/milliseconds.', default: { '@path': '$.timestamp' } },
      ip: { type: 'string', title: 'IP address', default: { '@path': '$.context.ip' } },
      url: { type: 'string', title: 'Current URL', default: { '@path': '$.context.page.url' } },
      referrer: { type: 'string', title: 'Referrer', default: { '@path': '$.context.page.referrer' } },
      os: { type: 'string', title: 'Operating system', default: { '@path': '$.context.os.name' } },
      utm: { type: 'object', title: 'UTM parameters', description: 'source, medium, name, term, content.', default: { '@path': '$.context.campaign' } },
      event_properties: { type: 'object', title: 'Event properties', default: { '@path': '$.properties' } },
    },
    required: ['event'],
  },
  async perform({ settings, payload, request }) {
    const [result] = await importEvents(request, settings, [toMixpanelEvent(payload, settings.sourceName)]);
    throwIfError(result!);
  },
  async performBatch({ settings, payloads, request }) {
    return importEvents(
      request,
      settings,
      payloads.map((p) => toMixpanelEvent(p, settings.sourceName)),
    );
  },
});
