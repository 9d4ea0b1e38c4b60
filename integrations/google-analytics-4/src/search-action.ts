import { ga4Action } from './google-analytics-4-action.ts';

/**
 * Action "search": Segment's "Products Searched" → GA4 `search` with `search_term` from `properties.query`.
 *
 * @example
 * await t.run({ action: 'search', event: { ...sampleEvents.track, event: 'Products Searched', properties: { query: 'shoes' } }, settings });
 */
export const search = ga4Action({
  title: 'Search',
  description: 'Send search for "Products Searched" track calls (Segment ecommerce spec).',
  defaultSubscription: 'type = "track" and event = "Products Searched"',
  eventName: 'search',
  properties: { search_term: { type: 'string', minLength: 1, title: 'Search term', default: { '@path': '$.properties.query' } } },
  required: ['search_term'],
});
