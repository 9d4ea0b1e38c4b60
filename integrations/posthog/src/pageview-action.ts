import { defineAction } from '@junction/core';
import { batchResults, captureOne, type PosthogEvent } from './posthog-client.ts';
import { distinctIdField, timeAndIpFields, withDefined } from './posthog-fields.ts';
import type { PosthogSettings } from './posthog-settings.ts';

interface PageviewPayload {
  distinct_id: string;
  url: string;
  properties?: Record<string, unknown>;
  timestamp?: string;
  ip?: string;
  path?: string;
  title?: string;
  referrer?: string;
}

function toEvent(p: PageviewPayload): PosthogEvent {
  const properties = withDefined(p.properties, { $current_url: p.url, $pathname: p.path, $title: p.title, $referrer: p.referrer, $ip: p.ip });
  return { event: '$pageview', distinct_id: p.distinct_id, properties, ...(p.timestamp ? { timestamp: p.timestamp } : {}) };
}

/**
 * Action "pageview": captures a `$pageview` with `$current_url`, `$pathname`, `$title`, `$referrer`.
 *
 * @example
 * await t.run({ action: 'pageview', event: sampleEvents.page, settings: { apiKey } });
 */
export const pageview = defineAction<PosthogSettings>()({
  title: 'Capture pageview',
  description: 'Capture a $pageview in PostHog (web analytics).',
  defaultSubscription: 'type = "page"',
  fields: {
    type: 'object',
    properties: {
      distinct_id: distinctIdField,
      url: {
        type: 'string',
        minLength: 1,
        title: 'URL',
        default: {
          '@if': {
            exists: { '@path': '$.context.page.url' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@path': '$.context.page.url' },
            else: { '@path': '$.properties.url' },
          },
        },
      },
      path: { type: 'string', title: 'Path', default: { '@path': '$.context.page.path' } },
      title: { type: 'string', title: 'Title', default: { '@path': '$.context.page.title' } },
      referrer: { type: 'string', title: 'Referrer', default: { '@path': '$.context.page.referrer' } },
      properties: { type: 'object', title: 'Properties', default: { '@path': '$.properties' } },
      ...timeAndIpFields,
    },
    required: ['distinct_id', 'url'],
  },
  async perform({ settings, payload, request }) {
    await captureOne(request, settings, toEvent(payload));
  },
  async performBatch({ settings, payloads, request }) {
    return batchResults(request, settings, payloads.map(toEvent));
  },
});
