import { ga4Action } from './google-analytics-4-action.ts';

/**
 * Action "pageView": Segment page calls → GA4 `page_view` with page_location, page_title and page_referrer.
 *
 * @example
 * await t.run({ action: 'pageView', event: sampleEvents.page, settings });
 */
export const pageView = ga4Action({
  title: 'Page View',
  description: 'Send a page_view event for page calls.',
  defaultSubscription: 'type = "page"',
  eventName: 'page_view',
  properties: {
    page_location: { type: 'string', title: 'Page location (URL)', default: { '@path': '$.context.page.url' } },
    page_title: { type: 'string', title: 'Page title', default: { '@path': '$.context.page.title' } },
    page_referrer: { type: 'string', title: 'Page referrer', default: { '@path': '$.context.page.referrer' } },
    language: { type: 'string', title: 'Language', default: { '@path': '$.context.locale' } },
  },
});
