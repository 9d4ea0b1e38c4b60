import { ga4Action } from './google-analytics-4-action.ts';
import { normalizeEventName } from './google-analytics-4-rules.ts';

/**
 * Action "customEvent": any track call as a GA4 event named after it (spaces → `_`, optionally
 * lower-cased); properties go as event parameters through the `params` field.
 *
 * @example
 * await t.run({ action: 'customEvent', event: { ...sampleEvents.track, event: 'Video Played' }, settings });
 */
export const customEvent = ga4Action({
  title: 'Custom Event',
  description: 'Send any track call as a custom GA4 event.',
  defaultSubscription: 'type = "track"',
  eventName: (p) => normalizeEventName(String(p.name ?? ''), p.lowercase === true),
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      title: 'Event name',
      description: 'Spaces become underscores; the result must follow GA4 rules (≤ 40 characters, letters, digits, underscores, starting with a letter, not reserved).',
      default: { '@path': '$.event' },
    },
    lowercase: { type: 'boolean', title: 'Lower-case the event name', default: false },
  },
  required: ['name'],
});
